"""A brand program's page shows its live figures (tests/factories/impact.py computes them by hand): children served on
a county map, by category and by quarter, hours by service type, its projects with their outputs; small counts of
children are "<5" and cannot be recovered from the total by subtraction; the page costs a fixed number of queries."""

import json
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.program_pages import BrandProgramPage
from delivery.models import Enrolment
from tests.cms.pages import publish
from tests.factories.impact import more_brand_grants


def _figures(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response, response.context["figures"]


def _json(body: str, element_id: str):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', body, re.S)
    assert match, element_id
    return json.loads(match.group(1))


def test_brand_page_figures_match_the_hand_computed_data(client, brand_page, scenario):
    response, figures = _figures(client, brand_page)
    assert figures["grants"] == 3  # G4 has no brand
    assert figures["children_served"].value == 18
    assert figures["service_hours"] == Decimal("4.0")
    assert dict(figures["hours_by_type"]) == {"监护指导": Decimal("3.0"), "心理疏导": Decimal("1.0")}
    categories = {cell.key: cell.count for cell in figures["categories"]}
    assert categories["left_behind"].value == 11
    assert categories["disabled"].value == 0  # G4's children are not the brand's
    counties = {row["code"]: row for row in figures["county_map"]["rows"]}
    assert counties["420102"]["children"].value == 11
    assert "422801" not in counties
    assert counties["420102"]["covered"]  # the grants serve 江岸区
    quarters = figures["quarters"]["rows"]
    assert sum(row["hours"] for row in quarters) == Decimal("4.0")
    assert sum(row["grants"] for row in quarters) == 3
    projects = {grant.pk: dict(grant.public_figures) for grant in figures["projects"]}
    assert projects[scenario["g1"].pk]["服务儿童（人）"] == "10"
    assert projects[scenario["g1"].pk]["服务时长（小时）"] == "3.0"
    assert projects[scenario["g1"].pk]["成效改善比例（%）"] == "50.0"
    assert projects[scenario["g1"].pk]["完成前后测（人次）"] == "10"
    body = response.content.decode()
    assert "名服务儿童" in body and "季度趋势" in body and "各类服务时长" in body


def test_small_counts_are_hidden_together_on_every_part_of_the_brand_page(client, brand_page, scenario):
    _response, figures = _figures(client, brand_page)
    counties = {row["code"]: row["children"] for row in figures["county_map"]["rows"]}
    # 江汉区 has 2 children: hidden; 武昌区 (5) is hidden with it, so 18 − 11 leaves two unknowns, not one.
    assert counties["420103"].hidden and counties["420106"].hidden
    categories = {cell.key: cell.count for cell in figures["categories"]}
    assert categories["orphan"].hidden and categories["in_difficulty"].hidden
    projects = {grant.pk: dict(grant.public_figures)["服务儿童（人）"] for grant in figures["projects"]}
    assert projects[scenario["g3"].pk] == "<5" and projects[scenario["g2"].pk] == "<5"
    assert projects[scenario["g2"].pk] != "5"
    # G2's improvement (5 of 5) is a share of a complement-hidden count, but shows: 100 % of a group of 5 or more.
    children = [row["children"] for row in figures["quarters"]["rows"]]
    assert all(count.hidden or count.value == 0 or count.value >= 5 for count in children)
    # In every group shown beside a total, hidden cells are never alone (no subtraction recovers one).
    for group in (counties.values(), categories.values(), children):
        assert sum(1 for count in group if count.hidden) != 1


def test_the_map_and_charts_carry_no_exact_small_count(client, brand_page):
    body = client.get(brand_page.url).content.decode()
    regions = {region["name"]: region for region in _json(body, "brand-map-data")["regions"]}
    # Hidden counties share one colour band and read "<5", whatever they hide.
    assert regions["420103"]["value"] == regions["420106"]["value"] == 1
    assert regions["420103"]["label"] == regions["420106"]["label"] == "<5"
    assert regions["420102"]["label"] == "11" and regions["420102"]["value"] == 2
    categories = _json(body, "brand-categories-data")
    orphan = categories["labels"].index("孤儿")
    assert categories["values"][orphan] == 0 and categories["display"][orphan] == "<5"
    trend = _json(body, "brand-trend-data")
    assert all(value in (0, None) or value >= 5 for value in trend["children"]["values"]), trend["children"]["values"]
    # The tables beside the charts say the same.
    assert re.search(r"<td>江汉区</td><td>—</td><td class=\"num\">&lt;5</td>", body)


def test_the_brand_page_names_no_child(client, brand_page):
    body = client.get(brand_page.url).content.decode()
    names = list(Enrolment.objects.values_list("name", flat=True))
    assert names and not any(name in body for name in names)


def test_the_brand_page_costs_the_same_queries_with_more_grants(client, brand_page, scenario, wuhan_officer):
    client.get(brand_page.url)  # the first request fills per-process caches (site root, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(brand_page.url).status_code == 200
    more_brand_grants(wuhan_officer, scenario["brand"], 4)
    with CaptureQueriesContext(connection) as more:
        assert client.get(brand_page.url).status_code == 200
    assert len(more) == len(few)


def test_the_brand_page_stays_within_its_query_budget(client, brand_page, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        assert client.get(brand_page.url).status_code == 200


def test_a_brand_without_grants_shows_zeros_not_errors(client, brand_page, scenario):
    from tests.factories.programs import BrandProgramFactory

    empty = publish(
        brand_page.get_parent(), BrandProgramPage(title="空品牌", slug="empty", brand=BrandProgramFactory())
    )
    response, figures = _figures(client, empty)
    assert figures["children_served"].value == 0 and figures["quarters"]["rows"] == []
    assert "暂无数据" in response.content.decode()


def test_a_brand_without_a_wagtail_page_shows_the_same_live_figures(client, scenario):
    response = client.get(f"/programs/brands/{scenario['brand'].slug}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="brand-figures"' in body and "将在项目执行后" not in body
    assert re.search(r"<strong>18</strong><span>名服务儿童", body)
    assert _json(body, "brand-map-data")["regions"]
    assert "cms/impact.js" in body and "<script>" not in body
