"""The funded-projects list downloads as xlsx and CSV: exactly the filtered list (every page), outputs included,
small counts of children as "<5" (hidden in pairs, as on the page), no child's name, no text that runs as a formula."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from delivery.models import Enrolment
from tests.export_checks import body
from tests.factories.impact import impact_scenario, more_brand_grants

XLSX, CSV = "/grants/projects/export.xlsx", "/grants/projects/export.csv"


@pytest.fixture
def scenario(wuhan_officer):
    return impact_scenario(wuhan_officer)


def _xlsx(client, params=None):
    response = client.get(XLSX, params or {})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(body(response))).worksheets[0]
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _csv(client, params=None):
    response = client.get(CSV, params or {})
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel on Chinese Windows needs the BOM to read UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_downloads_hold_exactly_the_filtered_list(client, scenario):
    params = {"brand_program": scenario["brand"].pk, "funding_source": "welfare_lottery"}
    listed = {grant.contract_number for grant in client.get("/grants/projects/", params).context["page"].object_list}
    assert listed == {scenario["g1"].contract_number, scenario["g2"].contract_number}
    assert {row["合同编号"].value for row in _xlsx(client, params)} == listed
    assert {row["合同编号"] for row in _csv(client, params)} == listed
    assert len(_csv(client)) == 4


def test_downloads_carry_outputs_and_hide_small_counts_in_pairs(client, scenario):
    by_number = {row["合同编号"].value: row for row in _xlsx(client)}
    g1 = by_number[scenario["g1"].contract_number]
    assert g1["服务儿童（人）"].value == 10 and g1["服务儿童（人）"].data_type == "n"
    assert float(g1["服务时长（小时）"].value) == 3.0 and float(g1["成效改善比例（%）"].value) == 50.0
    assert by_number[scenario["g3"].contract_number]["服务儿童（人）"].value == "<5"
    assert by_number[scenario["g2"].contract_number]["服务儿童（人）"].value == "<5"
    rows = {row["合同编号"]: row for row in _csv(client)}
    assert rows[scenario["g3"].contract_number]["服务儿童（人）"] == "<5"
    assert rows[scenario["g2"].contract_number]["服务儿童（人）"] == "<5"
    assert rows[scenario["g1"].contract_number]["服务儿童（人）"] == "10"
    assert rows[scenario["g4"].contract_number]["服务时长（小时）"] == "0.5"
    # Per brand, never exactly one hidden cell (the brand page shows the brand's total beside them).
    brand = [row["服务儿童（人）"] for row in _csv(client, {"brand_program": scenario["brand"].pk})]
    assert brand.count("<5") == 2


def test_downloads_name_no_child_and_no_contact_person(client, scenario):
    text = b"".join(client.get(CSV).streaming_content).decode()
    workbook = body(client.get(XLSX))
    for name in Enrolment.objects.values_list("name", flat=True):
        assert name not in text
    assert "李社工" not in text and "13800000000" not in text and b"13800000000" not in workbook


@pytest.mark.parametrize("title", ['=HYPERLINK("http://evil.example","点击")', "+1+2", "-3+4", "@SUM(A1)"])
def test_a_title_that_looks_like_a_formula_stays_text(client, scenario, title):
    scenario["g1"].title = title
    scenario["g1"].save(update_fields=["title"])
    row = next(row for row in _xlsx(client) if row["合同编号"].value == scenario["g1"].contract_number)
    assert row["项目名称"].value == f"'{title}" and row["项目名称"].data_type == "s"
    row = next(row for row in _csv(client) if row["合同编号"] == scenario["g1"].contract_number)
    assert row["项目名称"] == f"'{title}"


def test_an_invalid_filter_downloads_nothing_and_names_the_error(client, scenario):
    for url in (XLSX, CSV):
        response = client.get(url, {"year": "abc"})
        assert response.status_code == 400
        assert "attachment" not in response.get("Content-Disposition", "")


def test_downloads_cost_the_same_queries_with_more_projects(client, scenario, wuhan_officer):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        return len(queries)

    before = (count(XLSX), count(CSV))
    more_brand_grants(wuhan_officer, scenario["brand"], 4)
    assert (count(XLSX), count(CSV)) == before


def test_the_list_links_to_its_downloads_with_its_filters(client, scenario):
    body = client.get("/grants/projects/", {"funding_source": "charity"}).content.decode()
    assert f'href="{XLSX}?funding_source=charity"' in body and f'href="{CSV}?funding_source=charity"' in body
