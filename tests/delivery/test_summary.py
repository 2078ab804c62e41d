"""Planned against delivered, checked against figures computed by hand."""

import datetime
from decimal import Decimal

from core.models import ChildCategory, ServiceType
from delivery.selectors import grant_delivery_summary, grants_behind_plan
from delivery.selectors.summary import BEHIND, MET, NO_DATA
from grants.models import Grant
from programs.models import IndicatorDirection, MeasuredPer, PlannedChildren, PlannedServiceHours
from tests.factories.delivery import (
    BeneficiaryFactory,
    EnrolmentFactory,
    OutcomeIndicatorFactory,
    OutcomeMeasurementFactory,
    OutcomeTargetFactory,
    ServiceLogFactory,
)


def _row(summary, label):
    return next(row for row in summary.rows if row.label == label)


def _setup(grant, staff):
    """A year-long grant half over: plan 10 left-behind + 4 orphans, 20 h counselling, 2 cases, 1 group of 4
    sessions, 2 events; delivered 3 left-behind (one also orphan), 6 h professional + 1 h volunteer counselling."""
    application = grant.application
    left_behind = ChildCategory.objects.get(code="left_behind")
    orphan = ChildCategory.objects.get(code="orphan")
    counselling = ServiceType.objects.get(code="counselling")
    PlannedChildren.objects.create(application=application, category=left_behind, count=10)
    PlannedChildren.objects.create(application=application, category=orphan, count=4)
    PlannedServiceHours.objects.create(application=application, service_type=counselling, hours=20)
    application.planned_cases, application.planned_groups = 2, 1
    application.planned_group_sessions, application.planned_events = 4, 2
    application.save()
    children = [
        BeneficiaryFactory(categories=["left_behind", "orphan"]),
        BeneficiaryFactory(categories=["left_behind"]),
        BeneficiaryFactory(categories=["left_behind"]),
    ]
    for child in children:
        EnrolmentFactory(grant=grant, beneficiary=child, consent_date=grant.start_date)
    day = grant.start_date + datetime.timedelta(days=10)
    ServiceLogFactory(
        grant=grant, date=day, beneficiary=children[0], minutes=120, staff_member=staff, volunteer_name=""
    )
    ServiceLogFactory(grant=grant, date=day, beneficiary=children[0], minutes=60, staff_member=staff, volunteer_name="")
    ServiceLogFactory(grant=grant, date=day, beneficiary=children[1], minutes=60)  # volunteer
    for _ in range(2):
        ServiceLogFactory(
            grant=grant,
            date=day,
            form="group",
            group_name="成长小组",
            head_count=5,
            attendees=children,
            minutes=90,
            staff_member=staff,
            volunteer_name="",
        )
    ServiceLogFactory(
        grant=grant, date=day, form="event", head_count=40, minutes=0 + 30, staff_member=staff, volunteer_name=""
    )
    return children


def test_figures_match_hand_computation(grant, staff):
    grant.start_date = datetime.date(2025, 1, 1)
    grant.end_date = datetime.date(2025, 12, 31)
    Grant.objects.filter(pk=grant.pk).update(
        start_date=grant.start_date, end_date=grant.end_date, amount=Decimal("70000")
    )
    grant.refresh_from_db()
    children = _setup(grant, staff)
    indicator = OutcomeIndicatorFactory(call=grant.call, direction=IndicatorDirection.LOWER, target=Decimal("50"))
    OutcomeTargetFactory(application=grant.application, indicator=indicator, target_value=Decimal("60"))
    satisfaction = OutcomeIndicatorFactory(
        call=grant.call, name="满意度", measured_per=MeasuredPer.GRANT, unit="%", target=Decimal("90")
    )
    # Lower is better: children 0 and 2 improve (30 → 20, 30 → 25), child 1 worsens (30 → 35).
    for child, before, after in ((children[0], 30, 20), (children[1], 30, 35), (children[2], 30, 25)):
        OutcomeMeasurementFactory(grant=grant, indicator=indicator, beneficiary=child, value=Decimal(before))
        if after is not None:
            OutcomeMeasurementFactory(
                grant=grant,
                indicator=indicator,
                beneficiary=child,
                value=Decimal(after),
                phase="followup",
                measured_on=datetime.date(2025, 6, 1),
            )
    OutcomeMeasurementFactory(
        grant=grant, indicator=satisfaction, phase="single", value=Decimal("80"), measured_on=datetime.date(2025, 3, 1)
    )
    OutcomeMeasurementFactory(
        grant=grant, indicator=satisfaction, phase="single", value=Decimal("95"), measured_on=datetime.date(2025, 6, 2)
    )

    summary = grant_delivery_summary(grant, until=datetime.date(2025, 7, 2))  # 182 of 364 days: exactly half

    assert summary.elapsed_share == Decimal("0.5")
    left_behind = _row(summary, "农村留守儿童")
    assert (left_behind.planned, left_behind.expected, left_behind.delivered, left_behind.status) == (
        10,
        Decimal("5.0"),
        3,
        BEHIND,
    )
    orphans = _row(summary, "孤儿")
    assert (orphans.delivered, orphans.expected, orphans.status) == (1, Decimal("2.0"), BEHIND)
    total = _row(summary, "服务儿童合计")
    assert (total.planned, total.delivered) == (14, 3)
    counselling = _row(summary, "心理疏导")
    # professional: 120 + 60 + 2×90 + 30 = 390 min = 6.5 h; volunteer 1 h shown apart; due 10 h.
    assert counselling.delivered == Decimal("6.5") and counselling.status == BEHIND
    assert "1.0" in counselling.extra
    assert _row(summary, "个案数").delivered == 2 and _row(summary, "个案数").status == MET
    assert _row(summary, "小组数").delivered == 1
    assert _row(summary, "小组节数").delivered == 2 and _row(summary, "小组节数").status == MET
    events = _row(summary, "社区活动场次")
    assert events.delivered == 1 and events.status == MET and "40" in events.extra
    cost = _row(summary, "每名儿童服务成本")
    assert cost.planned == Decimal("5000.00") and cost.delivered == Decimal("23333.33") and cost.status == BEHIND
    improved = _row(summary, f"{indicator.name}：改善儿童比例")
    # 3 children measured twice, 2 improved: 66.7 % against the application's 60 %.
    assert improved.delivered == Decimal("66.7") and improved.planned == Decimal("60") and improved.status == MET
    satisfaction_row = _row(summary, "满意度")
    assert satisfaction_row.delivered == Decimal("95.00") and satisfaction_row.status == MET
    # Until March: the later follow-ups and the June survey do not count yet.
    early = grant_delivery_summary(grant, until=datetime.date(2025, 3, 31))
    assert _row(early, "满意度").delivered == Decimal("80.00") and _row(early, "满意度").status == BEHIND
    assert _row(early, f"{indicator.name}：改善儿童比例").status == NO_DATA


def test_grants_behind_plan_filters_by_children_and_hours(grant, other_grant, staff):
    for g in (grant, other_grant):
        PlannedChildren.objects.create(
            application=g.application, category=ChildCategory.objects.get(code="left_behind"), count=2
        )
    # grant: 90 of ~365 days gone, 2 planned → 0.5 due; one child served → on plan. other_grant: none served.
    EnrolmentFactory(grant=grant, consent_date=grant.start_date)
    behind = grants_behind_plan(Grant.objects.all())
    assert list(behind) == [other_grant]


def test_summary_runs_in_a_bounded_number_of_queries(grant, staff, django_assert_max_num_queries):
    _setup(grant, staff)
    for _ in range(3):
        OutcomeIndicatorFactory(call=grant.call)
    with django_assert_max_num_queries(16):
        grant_delivery_summary(grant)
