"""Demo brand programs, calls in every state, applications at every stage, reviews and public notices.

Idempotent: each call is keyed by its title and built once with everything below it. States that depend on time are
set relative to today, so a database seeded today still shows an open call tomorrow (until it closes)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from core.models import ChildCategory, Region, ServiceType

from .models import (
    Application,
    ApplicationStatus,
    ApplicationVersion,
    BrandProgram,
    BudgetLine,
    Call,
    CallStatus,
    CriterionScore,
    FundingSource,
    PlannedChildren,
    PlannedServiceHours,
    PublicNotice,
    ReviewAssignment,
    ReviewStatus,
    RubricCriterion,
    TrancheTemplate,
    add_working_days,
)
from .services.applications import snapshot

BRANDS = [
    (
        "tongban-mama",
        "童伴妈妈",
        "中国乡村发展基金会、省民政厅",
        2017,
        ["422800", "420600"],
        "在村一级聘请“童伴妈妈”，为留守儿童和困境儿童建立档案、开展陪伴和监护指导，打通关爱服务的最后一米。",
    ),
    (
        "chunlei",
        "春蕾计划",
        "省妇联、省儿童少年基金会",
        2005,
        ["420000"],
        "资助困境女童完成学业，并通过社会工作者开展学业辅导、心理支持和安全教育。",
    ),
    (
        "xiwang-banfei",
        "希望伴飞",
        "共青团湖北省委、省青少年发展基金会",
        2019,
        ["420100", "420500"],
        "由专业社工和志愿者结对陪伴事实无人抚养儿童，提供学业辅导与社会融入服务。",
    ),
    (
        "wushe-liandong",
        "五社联动",
        "省民政厅",
        2021,
        ["420000"],
        "社区、社会组织、社会工作者、社区志愿者、社会慈善资源联动，为社区儿童提供综合关爱服务。",
    ),
    (
        "shequ-ertong-guanai",
        "社区(村)儿童关爱",
        "省民政厅、省慈善总会",
        2020,
        ["420100", "422800"],
        "依托社区（村）儿童之家和儿童主任，建设儿童关爱服务阵地。",
    ),
]

RUBRIC = [
    ("需求分析与服务设计", 30, "服务对象需求清楚，服务方案针对性强。"),
    ("团队专业能力", 25, "持证社工比例、相关项目经验。"),
    ("预算合理性", 20, "预算科目清楚，单价合理，与产出匹配。"),
    ("预期成效与可持续性", 25, "成效指标可测量，有持续机制。"),
]
TRANCHES = [
    ("合同签订后首付", 40, 0, "服务方案、需求评估报告"),
    ("中期评估通过后", 30, 6, "中期报告、服务记录"),
    ("结项评估通过后", 30, 12, "结项报告、第三方评估报告"),
]


def _at(days: int, hour: int = 17) -> datetime.datetime:
    """A moment ``days`` from today at ``hour`` o'clock, Asia/Shanghai."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def seed_brands() -> dict[str, BrandProgram]:
    brands = {}
    for slug, name, partner, year, regions, description in BRANDS:
        brand, created = BrandProgram.objects.get_or_create(
            slug=slug, defaults={"name": name, "partner": partner, "start_year": year, "description": description}
        )
        if created:
            brand.regions.set(Region.objects.filter(code__in=regions))
        brands[slug] = brand
    return brands


def _call(*, key, title, region, brand, opens, closes, officer, **extra) -> tuple[Call, bool]:
    call, created = Call.objects.get_or_create(
        title=title,
        defaults={
            "issuing_region": Region.objects.get(code=region),
            "issuing_bureau": officer.officer_scope.bureau,
            "summary": extra.pop("summary", ""),
            "funding_source": extra.pop("funding_source", FundingSource.WELFARE_LOTTERY),
            "total_budget": extra.pop("total_budget", Decimal("1000000.00")),
            "per_project_cap": extra.pop("per_project_cap", Decimal("200000.00")),
            "opens_at": opens,
            "closes_at": closes,
            "brand_program": brand,
            "status": extra.pop("status", CallStatus.PUBLISHED),
            "published_at": opens - datetime.timedelta(days=7),
            "created_by": officer,
            "min_rating": extra.pop("min_rating", "3A"),
            "min_years_registered": extra.pop("min_years_registered", 2),
            "require_annual_status_passed": False,
            **extra,
        },
    )
    if created:
        call.child_categories.set(
            ChildCategory.objects.filter(code__in=["left_behind", "in_difficulty", "unsupported"])
        )
        call.service_types.set(ServiceType.objects.filter(code__in=["guardianship", "counselling", "tutoring"]))
        for order, (name, weight, description) in enumerate(RUBRIC):
            RubricCriterion.objects.create(call=call, order=order, name=name, weight=weight, description=description)
        for order, (title_, pct, months, deliverables) in enumerate(TRANCHES):
            TrancheTemplate.objects.create(
                call=call, order=order, title=title_, percentage=pct, due_after_months=months, deliverables=deliverables
            )
    return call, created


def _application(call, organization, *, title, status, regions, lines, actor, submitted_days_ago=None, **extra):
    application = Application.objects.create(
        call=call,
        organization=organization,
        title=title,
        summary=extra.pop(
            "summary",
            "以个案管理为主线，为服务地区的留守儿童和困境儿童建立一人一档，开展监护指导、心理疏导和学业辅导，"
            "并链接社区资源建设儿童之家。",
        ),
        status=status,
        created_by=actor,
        planned_cases=30,
        planned_groups=4,
        planned_group_sessions=24,
        planned_events=6,
        outcome_targets="服务对象监护状况改善率不低于 80%；儿童心理健康筛查阳性率下降；家长满意度不低于 90%。",
        **extra,
    )
    application.service_regions.set(Region.objects.filter(code__in=regions))
    for order, (category, item, unit, price, qty) in enumerate(lines):
        BudgetLine.objects.create(
            application=application,
            order=order,
            category=category,
            item=item,
            unit=unit,
            unit_price=Decimal(price),
            quantity=Decimal(qty),
        )
    application.requested_amount = application.budget_total()
    for code, count in (("left_behind", 60), ("in_difficulty", 20)):
        PlannedChildren.objects.create(
            application=application, category=ChildCategory.objects.get(code=code), count=count
        )
    for code, hours in (("guardianship", 300), ("counselling", 120)):
        PlannedServiceHours.objects.create(
            application=application, service_type=ServiceType.objects.get(code=code), hours=hours
        )
    if submitted_days_ago is not None:
        application.version = 1
        application.submitted_at = timezone.now() - datetime.timedelta(days=submitted_days_ago)
        application.save()
        ApplicationVersion.objects.create(
            application=application,
            number=1,
            snapshot=snapshot(application),
            submitted_at=application.submitted_at,
            submitted_by=actor,
        )
    else:
        application.save()
    return application


LINES = [
    ("personnel", "专职社工补贴", "人·月", "4500", "24"),
    ("activity", "小组活动物料", "节", "300", "24"),
    ("activity", "社区儿童活动", "场", "2000", "6"),
    ("training", "外部督导", "次", "800", "10"),
    ("admin", "项目管理费", "项", "6000", "1"),
]  # 108000 + 7200 + 12000 + 8000 + 6000 = 141200


def _review(application, reviewer, *, officer, fraction, comment, submitted=True, declared=True, due_days=5):
    assignment = ReviewAssignment.objects.create(
        application=application,
        reviewer=reviewer,
        assigned_by=officer,
        due_on=timezone.localdate() + datetime.timedelta(days=due_days),
        status=ReviewStatus.ACCEPTED if declared else ReviewStatus.ASSIGNED,
        no_conflict_declared_at=timezone.now() if declared else None,
    )
    if submitted:
        total = Decimal("0")
        for criterion in application.call.rubric_criteria.all():
            score = (criterion.weight * Decimal(fraction)).quantize(Decimal("0.5"))
            CriterionScore.objects.create(review=assignment, criterion=criterion, score=score)
            total += score
        assignment.status = ReviewStatus.SUBMITTED
        assignment.total_score = total
        assignment.comment = comment
        assignment.submitted_at = timezone.now()
        assignment.save()
    return assignment


def _decide(application, *, officer, approved: bool, amount=None, reason=""):
    application.status = ApplicationStatus.APPROVED if approved else ApplicationStatus.REJECTED
    application.approved_amount = amount
    application.decision_reason = reason
    application.decided_by = officer
    application.decided_at = timezone.now()
    application.save()


def _notice(call, applications, *, officer, starts_on):
    notice = PublicNotice.objects.create(
        call=call,
        starts_on=starts_on,
        ends_on=add_working_days(starts_on, call.notice_working_days),
        published_at=timezone.make_aware(datetime.datetime.combine(starts_on, datetime.time(9, 0))),
        published_by=officer,
        text="经组织申报、资格审查、专家评审，拟立项项目公示如下。",
    )
    notice.applications.set(applications)
    return notice


def seed_programs(*, users: dict, organizations: dict) -> dict:
    brands = seed_brands()
    wuhan_officer, province_officer, enshi_officer = (
        users["officer_wuhan"],
        users["officer_hubei"],
        users["officer_enshi"],
    )
    zhang, huang = users["reviewer_zhang"], users["reviewer_huang"]
    hope, sunshine = organizations["wuhan_hope"], organizations["enshi_sunshine"]
    hope_admin = hope.memberships.filter(role="admin").first().user
    sunshine_admin = sunshine.memberships.filter(role="admin").first().user
    calls, applications = {}, {}

    calls["upcoming"], _ = _call(
        key="upcoming",
        title="武汉市困境儿童关爱服务项目申报指南（第二批）",
        region="420100",
        brand=brands["chunlei"],
        opens=_at(10, 9),
        closes=_at(40),
        officer=wuhan_officer,
        funding_source=FundingSource.FISCAL,
        summary="面向武汉市困境儿童的关爱服务项目，即将开始申报。",
    )
    calls["open"], created = _call(
        key="open",
        title="武汉市农村留守儿童关爱服务项目申报指南",
        region="420100",
        brand=brands["tongban-mama"],
        opens=_at(-10, 9),
        closes=_at(20),
        officer=wuhan_officer,
        summary="购买专业社会工作服务，为武汉市新城区农村留守儿童提供监护指导、心理疏导和学业辅导。",
    )
    if created:
        applications["open_draft"] = _application(
            calls["open"],
            hope,
            title="江岸区留守儿童“童伴成长”项目",
            status=ApplicationStatus.DRAFT,
            regions=["420102"],
            lines=LINES,
            actor=hope_admin,
        )
        returned = _application(
            calls["open"],
            hope,
            title="江汉区困境儿童监护指导项目",
            status=ApplicationStatus.RETURNED,
            regions=["420103"],
            lines=LINES[:3],
            actor=hope_admin,
            submitted_days_ago=3,
        )
        returned.return_comment = "预算中“专职社工补贴”请附人员名单和资质证明；成效目标请写出可测量的指标。"
        returned.save()
        applications["open_returned"] = returned
        applications["open_submitted"] = _application(
            calls["open"],
            hope,
            title="硚口区儿童之家服务提升项目",
            status=ApplicationStatus.SUBMITTED,
            regions=["420104"],
            lines=LINES[1:],
            actor=hope_admin,
            submitted_days_ago=1,
        )

    calls["under_review"], created = _call(
        key="under_review",
        title="湖北省事实无人抚养儿童关爱服务项目申报指南",
        region="420000",
        brand=brands["xiwang-banfei"],
        opens=_at(-40, 9),
        closes=_at(-10),
        officer=province_officer,
        funding_source=FundingSource.CENTRAL,
        total_budget=Decimal("3000000.00"),
        per_project_cap=Decimal("300000.00"),
    )
    if created:
        reviewing = _application(
            calls["under_review"],
            hope,
            title="武汉市事实无人抚养儿童结对陪伴项目",
            status=ApplicationStatus.UNDER_REVIEW,
            regions=["420102", "420106"],
            lines=LINES,
            actor=hope_admin,
            submitted_days_ago=15,
        )
        _review(reviewing, zhang, officer=province_officer, fraction="0.85", comment="需求分析扎实，团队专业。")
        _review(
            reviewing,
            huang,
            officer=province_officer,
            fraction="0",
            comment="",
            submitted=False,
            declared=False,
            due_days=1,
        )
        applications["under_review"] = reviewing
        applications["awaiting_screening"] = _application(
            calls["under_review"],
            sunshine,
            title="恩施州事实无人抚养儿童学业辅导项目",
            status=ApplicationStatus.SUBMITTED,
            regions=["422801", "422802"],
            lines=LINES[:4],
            actor=sunshine_admin,
            submitted_days_ago=12,
        )

    calls["notice_running"], created = _call(
        key="notice_running",
        title="恩施州困境儿童关爱服务项目申报指南",
        region="422800",
        brand=brands["shequ-ertong-guanai"],
        opens=_at(-60, 9),
        closes=_at(-30),
        officer=enshi_officer,
        total_budget=Decimal("500000.00"),
    )
    if created:
        approved = _application(
            calls["notice_running"],
            sunshine,
            title="恩施市儿童之家“童心港湾”项目",
            status=ApplicationStatus.UNDER_REVIEW,
            regions=["422801"],
            lines=LINES,
            actor=sunshine_admin,
            submitted_days_ago=35,
        )
        _review(approved, zhang, officer=enshi_officer, fraction="0.9", comment="服务设计贴合山区实际。")
        _review(approved, huang, officer=enshi_officer, fraction="0.8", comment="预算合理，建议加强督导。")
        _decide(approved, officer=enshi_officer, approved=True, amount=Decimal("140000.00"), reason="评审排名第一。")
        rejected = _application(
            calls["notice_running"],
            hope,
            title="利川市留守儿童安全教育项目",
            status=ApplicationStatus.UNDER_REVIEW,
            regions=["422802"],
            lines=LINES[:2],
            actor=hope_admin,
            submitted_days_ago=33,
        )
        _review(rejected, zhang, officer=enshi_officer, fraction="0.6", comment="缺少本地服务经验。")
        _review(rejected, huang, officer=enshi_officer, fraction="0.55", comment="成效指标不够具体。")
        _decide(rejected, officer=enshi_officer, approved=False, reason="评审得分低于立项分数线。")
        _notice(calls["notice_running"], [approved], officer=enshi_officer, starts_on=timezone.localdate())
        applications["notice_running"], applications["rejected"] = approved, rejected

    calls["notice_ended"], created = _call(
        key="notice_ended",
        title="湖北省“五社联动”儿童关爱服务项目申报指南",
        region="420000",
        brand=brands["wushe-liandong"],
        opens=_at(-120, 9),
        closes=_at(-90),
        officer=province_officer,
        total_budget=Decimal("2000000.00"),
        per_project_cap=Decimal("300000.00"),
    )
    if created:
        ready = []
        for org, admin, title, regions in (
            (hope, hope_admin, "江岸区“五社联动”儿童关爱项目", ["420102"]),
            (sunshine, sunshine_admin, "恩施市“五社联动”山区儿童关爱项目", ["422801"]),
        ):
            application = _application(
                calls["notice_ended"],
                org,
                title=title,
                status=ApplicationStatus.UNDER_REVIEW,
                regions=regions,
                lines=LINES,
                actor=admin,
                submitted_days_ago=95,
            )
            _review(application, zhang, officer=province_officer, fraction="0.88", comment="方案完整，可操作性强。")
            _review(application, huang, officer=province_officer, fraction="0.82", comment="建议细化志愿者管理。")
            _decide(
                application,
                officer=province_officer,
                approved=True,
                amount=Decimal("141200.00"),
                reason="评审通过，按申请金额立项。",
            )
            ready.append(application)
        _notice(
            calls["notice_ended"],
            ready,
            officer=province_officer,
            starts_on=timezone.localdate() - datetime.timedelta(days=60),
        )

    calls["draft"], _ = _call(
        key="draft",
        title="武汉市残疾儿童康复服务项目申报指南（草稿）",
        region="420100",
        brand=None,
        opens=_at(30, 9),
        closes=_at(60),
        officer=wuhan_officer,
        status=CallStatus.DRAFT,
        funding_source=FundingSource.CHARITY,
    )

    # Look the applications up again so a second run returns the same dict.
    by_title = {a.title: a for a in Application.objects.filter(call__in=calls.values()).select_related("call")}
    keys = {
        "open_draft": "江岸区留守儿童“童伴成长”项目",
        "open_returned": "江汉区困境儿童监护指导项目",
        "open_submitted": "硚口区儿童之家服务提升项目",
        "under_review": "武汉市事实无人抚养儿童结对陪伴项目",
        "awaiting_screening": "恩施州事实无人抚养儿童学业辅导项目",
        "notice_running": "恩施市儿童之家“童心港湾”项目",
        "rejected": "利川市留守儿童安全教育项目",
        "notice_ended": "江岸区“五社联动”儿童关爱项目",
        "notice_ended_enshi": "恩施市“五社联动”山区儿童关爱项目",
    }
    applications = {key: by_title[title] for key, title in keys.items() if title in by_title}
    ready = [a for a in applications.values() if a.call_id == calls["notice_ended"].pk]
    return {
        "brands": brands,
        "calls": calls,
        "applications": applications,
        "approved_ready_for_grant": ready,
    }
