"""The dashboard's figures against the hand-counted data of conftest.py."""

import datetime
from decimal import Decimal

from core.models import Region
from dashboard.selectors import Scope, calls, delivery, evaluations, funds, milestones, organizations


def scope(code="420000", *, today, date_from=None, date_to=None):
    return Scope(region=Region.objects.get(code=code), date_from=date_from, date_to=date_to, today=today)


def rows_by_label(rows):
    return {row.label: row for row in rows}


def test_funds_by_region_for_the_province(province):
    rows = rows_by_label(funds.funds_by_region(scope(today=province.today)))
    assert set(rows) == {"武汉市", "恩施土家族苗族自治州"}
    wuhan, enshi = rows["武汉市"], rows["恩施土家族苗族自治州"]
    assert (wuhan.grants, wuhan.committed, wuhan.paid) == (2, Decimal("150000.00"), Decimal("60000.00"))
    # A still owes 60,000.00; B was terminated after 20,000.00, so its other 30,000.00 will not be paid.
    assert wuhan.outstanding == Decimal("60000.00")
    assert wuhan.no_longer_payable == Decimal("30000.00")
    assert (enshi.committed, enshi.paid, enshi.outstanding) == (Decimal("80000.00"), 0, Decimal("80000.00"))
    total = funds.total_row(list(rows.values()))
    assert total.committed == total.paid + total.outstanding + total.no_longer_payable == Decimal("230000.00")


def test_funds_by_region_for_a_prefecture_splits_its_own_bureau_from_its_counties(province):
    rows = rows_by_label(funds.funds_by_region(scope("420100", today=province.today)))
    assert set(rows) == {"武汉市本级", "江岸区"}
    assert rows["武汉市本级"].committed == Decimal("100000.00")
    assert rows["江岸区"].committed == Decimal("50000.00")


def test_funds_by_source_and_brand(province):
    by_source = rows_by_label(funds.funds_by_source(scope(today=province.today)))
    assert {label: row.committed for label, row in by_source.items()} == {
        "财政资金": Decimal("50000.00"),
        "福彩公益金": Decimal("100000.00"),
        "慈善资金": Decimal("80000.00"),
    }
    by_brand = rows_by_label(funds.funds_by_brand(scope(today=province.today)))
    assert by_brand["童伴妈妈"].paid == Decimal("40000.00")
    assert by_brand["未关联品牌项目"].committed == Decimal("130000.00")


def test_funds_count_grants_signed_in_the_period_only(province):
    tomorrow = province.today + datetime.timedelta(days=1)
    assert funds.funds_by_region(scope(today=province.today, date_from=tomorrow)) == []
    rows = funds.funds_by_region(scope(today=province.today, date_from=province.today, date_to=province.today))
    assert sum(row.committed for row in rows) == Decimal("230000.00")


def test_children_by_category_count_each_child_once(province):
    counts = {row.key: row.count for row in delivery.children_by_category(scope(today=province.today))}
    # c1 is enrolled on A and B but is one child; c2 is 留守 and 残疾 and counts in both.
    assert counts["left_behind"] == 2
    assert counts["disabled"] == 1
    assert counts["orphan"] == 1
    assert counts["in_difficulty"] == 1
    assert counts["unsupported"] == 0
    assert delivery.children_total(scope(today=province.today)) == 4
    assert delivery.children_total(scope("420100", today=province.today)) == 3
    assert delivery.children_total(scope("422800", today=province.today)) == 1


def test_children_by_region_and_county(province):
    by_region = {row.label: row.count for row in delivery.children_by_region(scope(today=province.today))}
    assert by_region == {"武汉市": 3, "恩施土家族苗族自治州": 1}
    assert delivery.children_by_county(scope(today=province.today)) == {"420102": 3, "422801": 1}


def test_grants_by_service_county_count_a_prefecture_wide_grant_in_each_county(province):
    counties = delivery.grants_by_service_county(scope(today=province.today))
    assert counties["420102"] == 2  # A and B serve 江岸区
    # C serves all of 恩施州 (its service region is the 州): each of its 8 counties counts it once.
    assert counties["422801"] == counties["422828"] == 1
    assert len([code for code in counties if code.startswith("4228")]) == 8


def test_service_hours_by_type_and_form(province):
    rows = {(row.service_type, row.form): row for row in delivery.service_hours(scope(today=province.today))}
    case = rows[("心理疏导", "个案")]
    assert (case.sessions, case.minutes, case.hours, case.volunteer_hours) == (2, 150, Decimal("2.5"), Decimal("2.5"))
    group = rows[("心理疏导", "小组")]
    assert (group.hours, group.professional_hours, group.volunteer_hours) == (Decimal("0.5"), Decimal("0.5"), 0)
    assert rows[("监护指导", "个案")].hours == Decimal("0.8")  # 45 minutes
    wuhan = delivery.service_hours(scope("420100", today=province.today))
    assert sum(row.minutes for row in wuhan) == 165


def test_service_hours_in_the_period(province):
    before = province.grant_a.start_date - datetime.timedelta(days=1)
    assert delivery.service_hours(scope(today=province.today, date_to=before)) == []


def test_outcome_improvement_rate(province):
    # The follow-ups are dated tomorrow: they count from tomorrow on.
    assert delivery.outcome_improvement(scope(today=province.today)) == []
    later = province.today + datetime.timedelta(days=2)
    [row] = delivery.outcome_improvement(scope(today=later))
    assert (row.indicator, row.measured, row.improved) == ("心理韧性", 2, 1)
    assert row.improvement_rate == Decimal("50.0")
    assert delivery.outcome_improvement(scope("422800", today=later)) == []


def test_calls_and_success_rate(province):
    [row] = [r for r in calls.calls_with_applications(scope(today=province.today)) if r.pk == province.call_a.pk]
    # approved (A), rejected and submitted count; the draft does not.
    assert (row.received, row.approved, row.rejected, row.pending) == (3, 1, 1, 1)
    assert row.success_rate == Decimal("50.0")


def test_milestones_by_state(province):
    rows = rows_by_label(milestones.milestones_by_region(scope(today=province.today)))
    wuhan, enshi = rows["武汉市"], rows["恩施土家族苗族自治州"]
    assert (wuhan.on_time, wuhan.late, wuhan.returned) == (1, 1, 1)
    # A's third milestone is not due yet; B's two unpaid ones are on a terminated grant.
    assert (wuhan.not_due, wuhan.stopped, wuhan.overdue) == (1, 2, 0)
    assert (enshi.overdue, enshi.not_due) == (1, 2)
    assert milestones.milestones_total(list(rows.values())).total == 9


def test_organizations_and_incubation(province):
    rows = rows_by_label(organizations.organizations_by_region(scope(today=province.today)))
    assert rows["武汉市"].pending == 1
    assert rows["恩施土家族苗族自治州"].verified == 1
    assert rows["恩施土家族苗族自治州"].incubating == 1
    assert "恩施土家族苗族自治州" not in rows_by_label(
        organizations.organizations_by_region(scope("420100", today=province.today))
    )


def test_evaluation_grades(province):
    grades = {row.grade: (row.midterm, row.final) for row in evaluations.evaluation_grades(scope(today=province.today))}
    assert grades == {"excellent": (0, 1), "good": (0, 0), "pass": (0, 0), "fail": (0, 0)}
    assert all(row.total == 0 for row in evaluations.evaluation_grades(scope("422800", today=province.today)))
