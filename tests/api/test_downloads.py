"""The open data as CSV and xlsx: the dictionary's columns, every row the filters select, numbers as numbers, and
text that could run as a formula neutralised (core.excel / core.csv_export)."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from api.dictionary import CALL_FIELDS, GRANT_FIELDS, ORGANIZATION_FIELDS
from tests.factories import OrganizationFactory
from tests.factories.grants import approved_application, make_grant
from tests.factories.programs import CallFactory

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example","点我")'


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel on Chinese Windows needs the byte-order mark
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _xlsx(response):
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


@pytest.fixture
def hostile_grant(wuhan_officer):
    organization = OrganizationFactory(name=HOSTILE)
    return make_grant(officer=wuhan_officer, application=approved_application(organization=organization))


def test_grants_csv_has_the_dictionary_columns_and_neutralises_formulas(client, hostile_grant):
    rows = _csv(client.get("/api/v1/grants/", {"format": "csv"}))
    assert list(rows[0]) == [field.key for field in GRANT_FIELDS]
    assert rows[0]["recipient_org_name"] == "'" + HOSTILE
    assert rows[0]["identifier"] == f"360G-guanai-{hostile_grant.contract_number}"
    assert rows[0]["awarded_welfare_lottery"] == "100000.01"


def test_grants_xlsx_neutralises_formulas_keeps_numbers_and_carries_the_dictionary(client, hostile_grant):
    workbook = _xlsx(client.get("/api/v1/grants/", {"format": "xlsx"}))
    data, dictionary = workbook.worksheets
    header = [cell.value for cell in data[1]]
    row = dict(zip(header, list(data[2]), strict=True))
    assert row["recipient_org_name"].value == "'" + HOSTILE
    assert row["recipient_org_name"].data_type == "s"  # text, never a formula
    assert row["amount_awarded"].value == Decimal("100000.01") or row["amount_awarded"].value == 100000.01
    assert dictionary.title == "字段说明"
    keys = [row[0].value for row in dictionary.iter_rows(min_row=2)]
    assert keys == [field.key for field in GRANT_FIELDS]


def test_downloads_hold_every_filtered_row_not_one_page(client, wuhan_officer):
    for _ in range(3):
        CallFactory(region_code="420100")
    CallFactory(region_code="422800")
    assert len(_csv(client.get("/api/v1/calls/", {"format": "csv", "page_size": 1}))) == 4
    assert len(_csv(client.get("/api/v1/calls/", {"format": "csv", "region": "422800"}))) == 1
    response = client.get("/api/v1/calls/", {"format": "csv", "region": "x"})
    assert response.status_code == 400


def test_call_and_organization_downloads_neutralise_formulas(client):
    CallFactory(title="+cmd|' /C calc'!A0")
    OrganizationFactory(name="@SUM(1+1)", introduction="-2+3")
    calls = _csv(client.get("/api/v1/calls/", {"format": "csv"}))
    assert list(calls[0]) == [field.key for field in CALL_FIELDS]
    assert calls[0]["title"] == "'+cmd|' /C calc'!A0"
    organizations = _xlsx(client.get("/api/v1/organizations/", {"format": "xlsx"})).worksheets[0]
    header = [cell.value for cell in organizations[1]]
    assert header == [field.key for field in ORGANIZATION_FIELDS]
    values = dict(zip(header, [cell.value for cell in organizations[2]], strict=True))
    assert values["name"] == "'@SUM(1+1)" and values["introduction"] == "'-2+3"


def test_the_field_dictionary_in_every_format(client, api):
    rows = api("/api/v1/fields/").json()
    grants = [row for row in rows if row["dataset"] == "grants"]
    assert [row["key"] for row in grants] == [field.key for field in GRANT_FIELDS]
    identifier = grants[0]
    assert identifier["name_zh"] and identifier["name_en"] and identifier["meaning_zh"] and identifier["meaning_en"]
    assert identifier["giving360"] == "identifier"
    assert {row["dataset"] for row in rows} >= {"calls", "grants", "organizations", "stats_county", "stats_brand"}
    assert len(_csv(client.get("/api/v1/fields/", {"format": "csv"}))) == len(rows)
    assert _xlsx(client.get("/api/v1/fields/", {"format": "xlsx"})).worksheets[0].max_row == len(rows) + 1


def test_stats_download(client):
    rows = _csv(client.get("/api/v1/stats/category/", {"format": "csv"}))
    assert list(rows[0]) == ["key", "label", "children"]
