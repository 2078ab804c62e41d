"""Building blocks of the demo: brand data, the rubric and tranche template, and helpers that create a call, an
application, a review, a decision and a notice directly (the states they stand for are set, not walked through)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from core.calendar import add_working_days
from core.models import ChildCategory, Region, ServiceType

from ..models import (
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
)
from ..services.applications import snapshot

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


def _review(
    application, reviewer, *, officer, fraction, comment, submitted=True, declared=True, due_days=5, submitted_at=None
):
    """A review; ``submitted_at`` dates a past one (declared and submitted then), so that it precedes the decision."""
    submitted_at = submitted_at or timezone.now()
    assignment = ReviewAssignment.objects.create(
        application=application,
        reviewer=reviewer,
        assigned_by=officer,
        due_on=timezone.localdate(submitted_at) + datetime.timedelta(days=due_days),
        status=ReviewStatus.ACCEPTED if declared else ReviewStatus.ASSIGNED,
        no_conflict_declared_at=submitted_at - datetime.timedelta(days=1) if declared else None,
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
        assignment.submitted_at = submitted_at
        assignment.save()
    return assignment


def _decide(application, *, officer, approved: bool, decided_at, amount=None, reason=""):
    """A decision, dated: decisions wait for the call to close, so the demo never decides before ``closes_at``."""
    if decided_at <= application.call.closes_at:
        raise ValueError(f"演示数据：{application.title} 的决定早于申报截止。")
    application.status = ApplicationStatus.APPROVED if approved else ApplicationStatus.REJECTED
    application.approved_amount = amount
    application.decision_reason = reason
    application.decided_by = officer
    application.decided_at = decided_at
    application.save()


def _notice(call, applications, *, officer, starts_on):
    """A 公示 that starts on the first working day on or after ``starts_on`` (never on a weekend or holiday) and runs
    the call's number of working days."""
    starts_on = add_working_days(starts_on, 1)
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
