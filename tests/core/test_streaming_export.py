"""core.excel / core.xlsx: an export streams (the first bytes before the rows are read, memory flat), splits past
Excel's row limit, keeps types, neutralises formulas, and is read back by openpyxl, calamine and our upload check."""

import datetime
import io
import zoneinfo
from decimal import Decimal

import filetype
import python_calamine
from django.http import StreamingHttpResponse
from django.utils import timezone
from openpyxl import load_workbook

from core.excel import Column, build_workbook, workbook_chunks, workbook_response

COLUMNS = [Column("文本", lambda r: r[0]), Column("数", lambda r: r[1], number_format="#,##0.00")]


def test_the_response_streams_and_reads_rows_only_as_it_sends():
    read = []

    def rows():
        for i in range(5000):
            read.append(i)
            yield (f"第{i}行", Decimal(i))

    response = workbook_response(filename="导出.xlsx", sheet_title="表", columns=COLUMNS, rows=rows())
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''%E5%AF%BC%E5%87%BA.xlsx"
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith(b"PK\x03\x04") and read == []  # the archive starts before any row is read
    second = next(chunks)
    assert second and 0 < len(read) < 5000  # and goes on while rows are still being read
    rest = b"".join(chunks)
    assert len(read) == 5000
    sheet = load_workbook(io.BytesIO(first + second + rest)).worksheets[0]
    assert sheet.max_row == 5001
    assert sheet["A5001"].value == "第4999行" and sheet["B5001"].value == 4999


def test_chunks_stay_small_however_many_rows():
    """Memory stays flat: no chunk holds more than a slice of the rows (the whole file is never in memory)."""
    rows = ((f"服务记录第{i}条，入户走访" * 3, Decimal(i)) for i in range(30_000))
    sizes = [len(chunk) for chunk in workbook_chunks(sheet_title="t", columns=COLUMNS, rows=rows)]
    assert len(sizes) > 20
    assert max(sizes) < sum(sizes) / 10


def test_rows_past_the_sheet_limit_go_on_a_new_sheet_with_the_header():
    rows = [(f"r{i}", i) for i in range(7)]
    content = b"".join(workbook_chunks(sheet_title="服务记录/2026", columns=COLUMNS, rows=rows, max_sheet_rows=3))
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["服务记录2026", "服务记录2026 (2)", "服务记录2026 (3)"]
    seen = []
    for sheet in workbook.worksheets:
        values = list(sheet.iter_rows(values_only=True))
        assert values[0] == ("文本", "数")
        seen += [row[0] for row in values[1:]]
    assert seen == [f"r{i}" for i in range(7)]


def test_types_survive_and_text_never_runs():
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    columns = [Column(str(i), lambda r, i=i: r[i]) for i in range(8)]
    row = (
        "=SUM(A1:A9)",
        Decimal("-12.50"),
        -3,
        datetime.date(2026, 3, 1),
        datetime.datetime(2026, 3, 1, 1, 30, tzinfo=datetime.UTC),
        True,
        None,
        "a\x00b\x0bc <&>",
    )
    with timezone.override(shanghai):
        content = build_workbook(sheet_title="t", columns=columns, rows=[row])
    cells = next(iter(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(min_row=2)))
    assert (cells[0].value, cells[0].data_type) == ("'=SUM(A1:A9)", "s")
    assert (cells[1].value, cells[1].data_type) == (-12.5, "n")
    assert cells[2].value == -3
    assert cells[3].value == datetime.datetime(2026, 3, 1) and cells[3].is_date
    assert cells[4].value == datetime.datetime(2026, 3, 1, 9, 30)  # local time, as the pages show it
    assert cells[5].value is True
    assert cells[6].value is None
    assert cells[7].value == "abc <&>"  # characters XML cannot hold are dropped, the rest escaped


def test_other_readers_and_our_upload_check_take_the_file():
    content = build_workbook(sheet_title="服务记录", columns=COLUMNS, rows=[("甲", 1), ("乙", Decimal("2.5"))])
    assert filetype.guess(content[:2048]).mime == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = python_calamine.load_workbook(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert sheet == [["文本", "数"], ["甲", 1.0], ["乙", 2.5]]


def test_an_empty_export_is_a_header_row():
    sheet = load_workbook(io.BytesIO(build_workbook(sheet_title="t", columns=COLUMNS, rows=[]))).worksheets[0]
    assert list(sheet.iter_rows(values_only=True)) == [("文本", "数")]
