"""The home page's province figures gain children served and service hours, and a small county map of children served
(tests/factories/impact.py computes them by hand); small counts are "<5" everywhere, hidden in pairs."""

import json
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.figures import platform_figures
from delivery.models import Enrolment
from tests.factories.impact import more_brand_grants


def test_province_figures_count_children_and_hours_of_every_grant(scenario):
    figures = platform_figures()
    assert figures["children_served"].value == 28
    assert figures["service_hours"] == Decimal("4.5")
    rows = {row["code"]: row["children"] for row in figures["county_map"]["rows"]}
    assert rows["420102"].value == 11 and rows["422801"].value == 10
    assert rows["420103"].hidden and rows["420106"].hidden
    assert sum(1 for count in rows.values() if count.hidden) != 1
    assert figures["county_map"]["total"].value == 28


def test_a_child_served_by_two_grants_counts_once(scenario):
    child = Enrolment.objects.filter(grant=scenario["g1"]).first().beneficiary
    from tests.factories.delivery import EnrolmentFactory

    EnrolmentFactory(grant=scenario["g4"], beneficiary=child)
    assert platform_figures()["children_served"].value == 28


def test_the_home_page_shows_the_figures_and_a_map_without_an_exact_small_count(client, scenario):
    body = client.get("/").content.decode()
    assert "名服务儿童" in body and "小时服务时长" in body and "服务覆盖地图" in body
    assert re.search(r"<strong>28</strong><span>名服务儿童", body)
    data = json.loads(re.search(r'<script id="home-map-data" type="application/json">(.*?)</script>', body, re.S)[1])
    regions = {region["name"]: region for region in data["regions"]}
    assert regions["420103"]["label"] == "<5" and regions["420103"]["value"] == 1
    assert regions["420106"]["label"] == "<5" and regions["420106"]["value"] == 1
    assert "vendor/echarts/echarts.min.js" in body and "cms/impact.js" in body
    assert "<script>" not in body  # the CSP forbids inline scripts: data only, in json_script


def test_a_province_with_fewer_than_five_children_hides_its_total(client, wuhan_officer):
    from tests.factories import make_grant
    from tests.factories.delivery import EnrolmentFactory

    grant = make_grant(officer=wuhan_officer)
    EnrolmentFactory.create_batch(3, grant=grant)
    figures = platform_figures()
    assert figures["children_served"].hidden
    assert re.search(r"<strong>&lt;5</strong><span>名服务儿童", client.get("/").content.decode())


def test_the_home_page_costs_the_same_queries_with_more_grants(client, scenario, wuhan_officer):
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    more_brand_grants(wuhan_officer, scenario["brand"], 3)
    with CaptureQueriesContext(connection) as more:
        assert client.get("/").status_code == 200
    assert len(more) == len(few)
