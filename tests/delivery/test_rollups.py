"""The rollups (delivery.models.rollups) give exactly the figures the live queries give: the dashboard's children and
hours for every region level and for periods that start or end inside a month, the brand pages' and the home page's
figures with their small counts suppressed the same way; and the pages that read them say how fresh they are."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.impact import impact_figures, province_impact
from core.models import Region, RegionLevel
from dashboard.selectors import Scope
from dashboard.selectors import delivery as dashboard_delivery
from dashboard.selectors import townships as dashboard_townships
from delivery.models import ChildCount, RollupState, ServiceLog, ServiceMonth
from delivery.selectors.rollups import brand_scope, rollup_for
from delivery.services.rollups import rollups_refresh
from grants.models import Grant
from programs.models import BrandProgram

pytestmark = pytest.mark.django_db


def _dashboard(scope: Scope) -> dict:
    return {
        "total": dashboard_delivery.children_total(scope),
        "categories": dashboard_delivery.children_by_category(scope),
        "regions": dashboard_delivery.children_by_region(scope),
        "counties": dashboard_delivery.children_by_county(scope),
        "townships": dashboard_townships.township_coverage(scope),
        "hours": dashboard_delivery.service_hours(scope),
    }


def _public(figures: dict) -> dict:
    return {key: value for key, value in figures.items() if key != "refreshed_at"}


def _brand(brand) -> dict:
    grants = Grant.objects.filter(brand_program=brand)
    return _public(impact_figures(grants, rollup_for(brand_scope(brand.pk))))


def _periods(year: int) -> list:
    day = datetime.date
    return [
        (None, None),
        (day(year, 3, 15), day(year, 9, 20)),  # both ends inside a month
        (day(year, 1, 1), day(year, 12, 31)),  # whole months only
        (day(year, 5, 10), day(year, 5, 20)),  # inside one month
        (day(year, 2, 1), day(year, 2, 28)),
        (day(year, 4, 2), None),
        (None, day(year, 6, 29)),
    ]


@override_settings(DEBUG=True)
def test_rollup_figures_equal_the_live_figures_on_generated_data():
    call_command("generate_scale", "--size", "small", stdout=io.StringIO())
    today = timezone.localdate()
    year = Grant.objects.order_by("start_date").values_list("start_date", flat=True)[len(Grant.objects.all()) // 2].year
    province = Region.objects.get(depth=0)
    issuing = Region.objects.filter(pk__in=Grant.objects.values("issuing_region"))
    regions = [province, *Region.objects.filter(depth=1).order_by("code")[:6]]
    regions += list(issuing.filter(level=RegionLevel.COUNTY)[:3]) + list(
        Region.objects.filter(level=RegionLevel.COUNTY).exclude(pk__in=issuing.values("pk"))[:1]
    )
    scopes = [Scope(region=r, date_from=a, date_to=b, today=today) for r in regions for a, b in _periods(year)]
    brands = list(BrandProgram.objects.all())
    live = [_dashboard(scope) for scope in scopes]
    live_brands = [_brand(brand) for brand in brands]
    live_home = _public(province_impact())

    state = rollups_refresh(today=today)

    assert state.as_of == today and ServiceMonth.objects.exists() and ChildCount.objects.exists()
    for scope, expected in zip(scopes, live, strict=True):
        fresh = Scope(region=scope.region, date_from=scope.date_from, date_to=scope.date_to, today=today)
        assert _dashboard(fresh) == expected, (scope.region.code, scope.date_from, scope.date_to)
    assert [_brand(brand) for brand in brands] == live_brands
    home = province_impact()
    assert home["refreshed_at"] == state.refreshed_at
    assert _public(home) == live_home
    # The comparison covered suppressed cells and real figures, not only zeros.
    assert live_home["children_served"].value > 0 and live_home["service_hours"] > 0
    hidden = [cell for figures in live_brands for cell in figures["categories"] if cell.count.hidden]
    hidden += [row for figures in live_brands for row in figures["county_map"]["rows"] if row["children"].hidden]
    assert hidden
    assert any(figures["hours"] for figures in live)


@override_settings(DEBUG=True)
def test_an_open_period_reads_no_log_or_enrolment():
    call_command("generate_scale", "--size", "small", stdout=io.StringIO())
    rollups_refresh()
    scope = Scope(region=Region.objects.get(depth=0), date_from=None, date_to=None, today=timezone.localdate())
    brand = BrandProgram.objects.first()
    with CaptureQueriesContext(connection) as queries:
        _dashboard(scope)
        _brand(brand)
        province_impact()
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "delivery_servicelog" not in tables and "delivery_enrolment" not in tables
    assert ServiceLog.objects.exists()


def test_nothing_built_means_the_live_figures(wuhan_officer):
    assert not RollupState.objects.exists()
    assert rollup_for("all") is None
    assert province_impact()["refreshed_at"] is None


def test_the_command_rebuilds_and_replaces_everything(wuhan_officer):
    out = io.StringIO()
    call_command("refresh_rollups", stdout=out)
    call_command("refresh_rollups", stdout=out)
    assert "汇总表已重建" in out.getvalue()
    assert RollupState.objects.count() == 1
