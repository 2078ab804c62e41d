"""Opening uploads: what a real spreadsheet program saves is read; anything else is refused before its cells are."""

import io
import zipfile

import pytest

from delivery.excel import reader
from delivery.excel.reader import OLE2_SIGNATURE, WorkbookRefused, read_sheet

from .excel_helpers import workbook_bytes

HEADERS = {"date": ["服务日期"], "minutes": ["服务时长（分钟）"], "notes": ["服务记录"]}
REQUIRED = {"date", "minutes"}


def read(data):
    return read_sheet(data, headers=HEADERS, required=REQUIRED, title="服务记录")


def refused_code(data) -> str:
    with pytest.raises(WorkbookRefused) as error:
        read(data)
    return error.value.code


def test_reads_a_renamed_sheet_with_title_lines_extra_columns_and_other_order():
    data = workbook_bytes(
        ["我的备注", "服务时长（分钟）", " 服务日期 "],
        [["a", 60, "2025-03-01"], [None, None, None], ["b", "９０", "2025/3/2"]],
        title="三月台账",
        before=[["某某社工站服务台账"], []],
        extra_sheets=["汇总"],
    )
    sheet = read(data)
    assert sheet.name == "三月台账"
    assert sheet.header_row == 3
    assert sheet.columns == {"minutes": 1, "date": 2}
    # The blank row 5 is skipped; row numbers are the sheet's own.
    assert [number for number, _values in sheet.rows] == [4, 6]
    assert sheet.rows[1][1][1] == "９０"


def test_the_sheet_is_found_by_its_headers_not_its_position():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "说明"
    workbook.active["A1"] = "请在第二张表填写"
    data_sheet = workbook.create_sheet("数据")
    data_sheet.append(["服务日期", "服务时长（分钟）"])
    data_sheet.append(["2025-03-01", 30])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = read(buffer.getvalue())
    assert sheet.name == "数据"
    assert len(sheet.rows) == 1


def test_missing_required_headers_are_named():
    with pytest.raises(WorkbookRefused, match="服务日期、服务时长（分钟）") as error:
        read(workbook_bytes(["日期", "时长"], [["2025-03-01", 60]]))
    assert error.value.code == "no_header"


@pytest.mark.parametrize(
    "data",
    [
        "服务日期,服务时长（分钟）\n2025-03-01,60\n".encode(),  # a CSV renamed to .xlsx
        b"just some text",
        b"%PDF-1.7\n...",
        b"",
    ],
)
def test_not_an_xlsx_is_refused(data):
    assert refused_code(data) == "not_xlsx"


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refused_code(buffer.getvalue()) == "not_xlsx"


def test_a_renamed_xls_is_refused_with_save_as_advice():
    with pytest.raises(WorkbookRefused, match="另存为") as error:
        read(OLE2_SIGNATURE + b"\x00" * 1000 + "Workbook".encode("utf-16-le"))
    assert error.value.code == "xls"


def test_an_encrypted_workbook_has_its_own_message():
    # Excel saves a password-protected .xlsx as an OLE2 compound file with an EncryptedPackage stream.
    data = (
        OLE2_SIGNATURE + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(WorkbookRefused, match="密码") as error:
        read(data)
    assert error.value.code == "encrypted"


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_corrupt_workbook_is_refused(cut):
    data = workbook_bytes(["服务日期", "服务时长（分钟）"], [["2025-03-01", 60]] * 50)
    assert refused_code(data[: int(len(data) * cut)]) == "corrupt"


def test_a_workbook_with_garbage_inside_is_refused_as_corrupt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<not really")
    assert refused_code(buffer.getvalue()) == "corrupt"


def test_an_oversized_file_is_refused(settings):
    data = workbook_bytes(["服务日期", "服务时长（分钟）"], [["2025-03-01", 60]])
    settings.DELIVERY_IMPORT_MAX_BYTES = len(data) - 1
    assert refused_code(data) == "too_big"


def _bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * size)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_without_inflating_it(monkeypatch):
    data = _bomb(8 * 1024 * 1024)  # 8 MB of zeros: ~1,000× smaller compressed
    assert len(data) < 100_000

    def no_inflating(*args, **kwargs):
        raise AssertionError("the bomb was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    assert refused_code(data) == "zip_bomb"


def test_a_total_uncompressed_size_over_the_limit_is_refused(settings):
    data = workbook_bytes(["服务日期", "服务时长（分钟）"], [["2025-03-01", 60]] * 100)
    settings.DELIVERY_IMPORT_MAX_UNCOMPRESSED = 20_000
    assert refused_code(data) == "zip_bomb"


def test_too_many_rows_are_refused(settings):
    settings.DELIVERY_IMPORT_MAX_ROWS = 5
    assert len(read(workbook_bytes(["服务日期", "服务时长（分钟）"], [["2025-03-01", 60]] * 5)).rows) == 5
    with pytest.raises(WorkbookRefused, match="6 行") as error:
        read(workbook_bytes(["服务日期", "服务时长（分钟）"], [["2025-03-01", 60]] * 6))
    assert error.value.code == "too_many_rows"


def test_formula_cells_are_found_by_sheet_and_position():
    data = workbook_bytes(
        ["服务日期", "服务时长（分钟）", "服务记录"],
        [["2025-03-01", 60, "x"], ["2025-03-02", "=30*2", "y"], ["2025-03-03", 45, "=A2"]],
        before=[["台账"]],
    )
    sheet = read(data)
    assert sheet.formula_cells == {(4, 1), (5, 2)}


def test_no_formula_means_no_xml_parse(monkeypatch):
    data = workbook_bytes(["服务日期", "服务时长（分钟）"], [["2025-03-01", 60]] * 20)

    def parse(*args, **kwargs):
        raise AssertionError("parsed the XML although the byte search found no formula")

    monkeypatch.setattr(reader.ElementTree, "iterparse", parse)
    assert read(data).formula_cells == set()
