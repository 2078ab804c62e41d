"""Demo brand programs, calls in every state, applications at every stage, reviews and public notices.

Idempotent: each call is keyed by its title and built once with everything below it. States that depend on time are
set relative to today, so a database seeded today still shows an open call tomorrow (until it closes)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from ..models import Application, ApplicationStatus, CallStatus, FundingSource
from ..services.funding import call_funding_save
from .builders import LINES, _application, _at, _call, _decide, _notice, _review, seed_brands


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
        # Reviewed after the call closed (30 days ago), decided 8 days ago, the 公示 running now.
        reviewed, decided = _at(-20, 16), _at(-8, 10)
        _review(
            approved,
            zhang,
            officer=enshi_officer,
            fraction="0.9",
            comment="服务设计贴合山区实际。",
            submitted_at=reviewed,
        )
        _review(
            approved,
            huang,
            officer=enshi_officer,
            fraction="0.8",
            comment="预算合理，建议加强督导。",
            submitted_at=reviewed,
        )
        _decide(
            approved,
            officer=enshi_officer,
            approved=True,
            decided_at=decided,
            amount=Decimal("140000.00"),
            reason="评审排名第一。",
        )
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
        _review(
            rejected, zhang, officer=enshi_officer, fraction="0.6", comment="缺少本地服务经验。", submitted_at=reviewed
        )
        _review(
            rejected, huang, officer=enshi_officer, fraction="0.55", comment="成效指标不够具体。", submitted_at=reviewed
        )
        _decide(rejected, officer=enshi_officer, approved=False, decided_at=decided, reason="评审得分低于立项分数线。")
        # The first working day from two days ago: after the decision, and running today.
        _notice(
            calls["notice_running"],
            [approved],
            officer=enshi_officer,
            starts_on=timezone.localdate() - datetime.timedelta(days=2),
        )
        applications["notice_running"], applications["rejected"] = approved, rejected

    calls["notice_ended"], created = _call(
        key="notice_ended",
        title="湖北省“五社联动”儿童关爱服务项目申报指南",
        region="420000",
        brand=brands["wushe-liandong"],
        opens=_at(-200, 9),
        closes=_at(-170),
        officer=province_officer,
        total_budget=Decimal("2000000.00"),
        per_project_cap=Decimal("300000.00"),
    )
    if created:
        # Co-funded: 福彩公益金 and the provincial budget; its grants and payments carry the split.
        call_funding_save(
            call=calls["notice_ended"],
            actor=province_officer,
            shares={FundingSource.WELFARE_LOTTERY: Decimal("1200000.00"), FundingSource.FISCAL: Decimal("800000.00")},
        )
        calls["notice_ended"].refresh_from_db()
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
                submitted_days_ago=175,
            )
            _review(
                application,
                zhang,
                officer=province_officer,
                fraction="0.88",
                comment="方案完整，可操作性强。",
                submitted_at=_at(-165, 16),
            )
            _review(
                application,
                huang,
                officer=province_officer,
                fraction="0.82",
                comment="建议细化志愿者管理。",
                submitted_at=_at(-164, 16),
            )
            _decide(
                application,
                officer=province_officer,
                approved=True,
                decided_at=_at(-160, 10),
                amount=Decimal("141200.00"),
                reason="评审通过，按申请金额立项。",
            )
            ready.append(application)
        _notice(
            calls["notice_ended"],
            ready,
            officer=province_officer,
            starts_on=timezone.localdate() - datetime.timedelta(days=158),
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
