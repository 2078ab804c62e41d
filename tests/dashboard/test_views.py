"""The dashboard page and its downloads: who may open it, what a region parameter can and cannot show, hostile query
strings, the Excel tables, and a query count that does not grow with the data."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from dashboard.tables import TABLES
from tests.dashboard.growth import add_served_grants
from tests.export_checks import body
from tests.factories import MembershipFactory, OfficerFactory, UserFactory

URL = "/dashboard/"


def text(response) -> str:
    return response.content.decode()


def workbook_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body(response))).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_the_province_officer_sees_the_whole_province(client, province):
    client.force_login(province.officer)
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert "数据看板 · 湖北省" in page
    assert "230,000.00" in page  # committed
    assert "恩施土家族苗族自治州" in page
    assert 'id="dashboard-charts"' in page
    assert "hubei_counties.json" in page


def test_a_prefecture_officer_sees_only_their_prefecture(client, province):
    client.force_login(OfficerFactory(region_code="420100"))
    page = text(client.get(URL))
    assert "数据看板 · 武汉市" in page
    assert "150,000.00" in page
    assert "80,000.00" not in page
    assert "恩施" not in page


def test_another_prefecture_by_url_is_refused_and_shows_nothing_of_it(client, province):
    client.force_login(OfficerFactory(region_code="420100"))
    response = client.get(URL, {"region": "422800"})
    assert response.status_code == 400
    page = text(response)
    assert "筛选条件有误" in page
    assert "80,000.00" not in page
    assert "恩施" not in page
    assert "150,000.00" in page  # the officer's own region instead


def test_the_map_of_a_prefecture_officer_shows_their_prefecture(client, province):
    client.force_login(OfficerFactory(region_code="420100"))
    charts = client.get(URL).context["charts"]
    assert charts["counties"]["prefecture"] == "420100"
    assert {row["name"] for row in charts["counties"]["data"]} == {"420102"}
    assert charts["counties"]["data"][0]["children"] == 3


def test_a_region_parameter_cannot_widen_the_scope(client, province):
    client.force_login(OfficerFactory(region_code="420102"))
    assert client.get(URL, {"region": "420000"}).status_code == 400
    response = client.get(URL, {"region": "420100", "download": "funds_region"})
    assert response.status_code == 400
    assert "100,000.00" not in text(response)  # 武汉市本级's grant A stays out of 江岸区's page


def test_a_county_inside_the_scope_narrows_the_figures(client, province):
    client.force_login(province.officer)
    response = client.get(URL, {"region": "420102"})
    assert response.status_code == 200
    page = text(response)
    assert "数据看板 · 江岸区" in page
    assert "50,000.00" in page
    assert "230,000.00" not in page


@pytest.mark.parametrize("persona", ["member", "reviewer", "evaluator", "plain", "admin"])
def test_anyone_but_an_officer_is_refused(client, province, persona):
    if persona == "member":
        user = MembershipFactory(organization=province.grant_a.organization).user
    elif persona == "admin":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = UserFactory(**({"is_reviewer": True} if persona == "reviewer" else {}))
        if persona == "evaluator":
            user.is_evaluator = True
            user.save()
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"download": "funds_region"}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"date_from": "2026-13-45"},
        {"date_from": "\x00"},
        {"region": "\x00"},
        {"region": "99999999999999999999"},
        {"region": "x" * 10_000},
        {"date_from": "2026-06-01", "date_to": "2026-01-01"},
    ],
)
def test_a_bad_query_parameter_is_a_400_with_its_error(client, province, params):
    client.force_login(province.officer)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert "筛选条件有误" in text(response)


def test_reversed_dates_are_named(client, province):
    client.force_login(province.officer)
    response = client.get(URL, {"date_from": "2026-06-01", "date_to": "2026-01-01"})
    assert "结束日期不能早于开始日期" in text(response)


@pytest.mark.parametrize("table", ["nope", "\x00", "x" * 5000, ""])
def test_an_unknown_download_is_a_400(client, province, table):
    client.force_login(province.officer)
    assert client.get(URL, {"download": table}).status_code == 400


def test_a_date_range_is_applied(client, province):
    client.force_login(province.officer)
    response = client.get(URL, {"date_from": "2030-01-01", "date_to": "2030-12-31"})
    assert response.status_code == 200
    page = text(response)
    assert "期间：2030-01-01 至 2030-12-31" in page
    assert "230,000.00" not in page


def test_the_funds_table_downloads_as_excel(client, province):
    client.force_login(province.officer)
    response = client.get(URL, {"download": "funds_region"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = workbook_rows(response)
    assert rows[0][:3] == ("发包地区", "项目数", "合同金额（元）")
    by_label = {row[0]: row for row in rows[1:]}
    assert by_label["武汉市"][2] == 150000  # a number, not text
    assert by_label["合计"][2:6] == (230000, 60000, 140000, 30000)


def test_every_table_downloads(client, province):
    client.force_login(province.officer)
    for key in TABLES:
        response = client.get(URL, {"download": key})
        assert response.status_code == 200, key
        assert len(workbook_rows(response)) >= 1, key


def test_children_and_hours_download(client, province):
    client.force_login(province.officer)
    children = {row[0]: row[1] for row in workbook_rows(client.get(URL, {"download": "children_category"}))}
    assert children["农村留守儿童"] == 2
    assert children["服务儿童合计（去重）"] == 4
    hours = workbook_rows(client.get(URL, {"download": "hours"}))
    assert hours[-1][0] == "合计"
    assert Decimal(str(hours[-1][3])) == Decimal("3.8")  # 225 minutes


def _cells(response):
    sheet = load_workbook(io.BytesIO(body(response))).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row]


def test_a_download_neutralises_formulas(client, province):
    province.brand.name = '=HYPERLINK("http://evil.example","点我")'
    province.brand.save()
    province.call_a.title = "=cmd|' /C calc'!A0"
    province.call_a.save()
    client.force_login(province.officer)
    for table, text in (("funds_brand", province.brand.name), ("calls", province.call_a.title)):
        cells = _cells(client.get(URL, {"download": table}))
        assert [cell.value for cell in cells if cell.value == f"'{text}"], table
        assert not [cell for cell in cells if cell.data_type == "f"], table
        assert not [cell for cell in cells if isinstance(cell.value, str) and cell.value.startswith("=")], table


def test_the_portal_leads_officers_to_the_dashboard(client, province, org_admin):
    client.force_login(province.officer)
    assert 'href="/dashboard/"' in text(client.get("/portal/"))
    client.force_login(org_admin)
    assert 'href="/dashboard/"' not in text(client.get("/portal/"))


def test_an_officer_lands_on_the_dashboard_after_signing_in(client, province, org_admin):
    client.force_login(province.officer)
    assert client.get("/portal/start/").url == "/dashboard/"
    client.force_login(org_admin)
    assert client.get("/portal/start/").url == "/portal/"


def test_the_download_keeps_the_filter(client, province):
    client.force_login(province.officer)
    rows = workbook_rows(client.get(URL, {"download": "funds_region", "region": "420100"}))
    assert {row[0] for row in rows[1:]} == {"武汉市本级", "江岸区", "合计"}


def _count_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, params or {})
        assert response.status_code == 200
        body(response)  # a streamed download may query while it is read
    return len(context.captured_queries)


def _count_download_queries(client) -> dict:
    return {key: _count_queries(client, {"download": key}) for key in TABLES}


def test_the_page_query_count_does_not_grow_with_the_data(client, province, django_assert_max_num_queries):
    client.force_login(province.officer)
    client.get(URL)  # fills the filter's drop-down options in the cache (core.choices)
    before = _count_queries(client)
    downloads = _count_download_queries(client)
    add_served_grants(province.officer)
    assert _count_queries(client) == before
    assert _count_download_queries(client) == downloads
    with django_assert_max_num_queries(40):
        client.get(URL)
