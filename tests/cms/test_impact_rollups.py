"""The brand page and the home page on the rollups (delivery.models.rollups): the hand-computed figures of
tests/factories/impact.py, small counts hidden in pairs exactly as on the live data, the freshness shown, and the same
number of queries with more grants, children and logs."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.figures import brand_figures, platform_figures
from delivery.services.rollups import rollups_refresh
from tests.factories.impact import more_brand_grants

# What the pages cost today. The delivery figures are six queries on the rollups (state, children, months, county
# names, the two of the covered counties); the rest is Wagtail routing, the menu, the lists beside the figures and the
# platform's money and counts: issue #13's 10 per page is not met yet (docs/benchmarks.md).
BRAND_PAGE_BUDGET = 33
HOME_PAGE_BUDGET = 24


def _without_freshness(figures: dict) -> dict:
    return {key: value for key, value in figures.items() if key not in ("refreshed_at", "projects")}


def test_the_rollup_gives_the_hand_computed_figures_with_the_same_suppression(scenario):
    live_brand, live_home = brand_figures(scenario["brand"]), platform_figures()
    assert live_brand["refreshed_at"] is None

    state = rollups_refresh()

    brand, home = brand_figures(scenario["brand"]), platform_figures()
    assert brand["refreshed_at"] == home["refreshed_at"] == state.refreshed_at
    assert _without_freshness(brand) == _without_freshness(live_brand)
    assert _without_freshness(home) == _without_freshness(live_home)
    # As computed by hand (tests/factories/impact.py): 420103 (2) hidden, and 420106 (5) hidden with it.
    assert brand["children_served"].value == 18 and brand["service_hours"] == Decimal("4.0")
    counties = {row["code"]: row["children"] for row in brand["county_map"]["rows"]}
    assert counties["420102"].value == 11 and counties["420103"].hidden and counties["420106"].hidden
    categories = {cell.key: cell.count for cell in brand["categories"]}
    assert categories["left_behind"].value == 11 and categories["orphan"].hidden
    assert home["children_served"].value == 28 and home["service_hours"] == Decimal("4.5")


def test_the_pages_show_when_the_figures_were_rebuilt(client, brand_page):
    assert "数据更新于" not in client.get(brand_page.url).content.decode()
    rollups_refresh()
    assert "数据更新于" in client.get(brand_page.url).content.decode()
    assert "数据更新于" in client.get("/").content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_pages_cost_the_same_queries_with_more_data(client, brand_page, scenario, wuhan_officer):
    rollups_refresh()
    client.get(brand_page.url)  # the first request fills per-process caches (site root, content types)
    client.get("/")
    brand, home = _queries(client, brand_page.url), _queries(client, "/")
    more_brand_grants(wuhan_officer, scenario["brand"], 4)
    rollups_refresh()
    assert _queries(client, brand_page.url) == brand <= BRAND_PAGE_BUDGET
    assert _queries(client, "/") == home <= HOME_PAGE_BUDGET
