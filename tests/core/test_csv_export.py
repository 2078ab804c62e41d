"""core.csv_export: a streamed CSV with the same formula neutralisation as core.excel, numbers kept as numbers."""

import csv
import datetime
import io
from decimal import Decimal

from core.csv_export import csv_response
from core.excel import Column

COLUMNS = [Column("名称", lambda row: row[0]), Column("金额", lambda row: row[1]), Column("日期", lambda row: row[2])]


def _read(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_text_that_would_run_as_a_formula_is_quoted_and_numbers_stay_numbers():
    rows = [
        ("=1+2", Decimal("-12.50"), datetime.date(2026, 3, 1)),
        ("+cmd", 3, None),
        ("-2+3", 0, None),
        ("@SUM(A1)", 1.5, None),
        ("\tx", None, None),
        ("\rx", None, None),
        ("普通名称", Decimal("100.00"), None),
    ]
    response = csv_response(filename="测试.csv", columns=COLUMNS, rows=rows)
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert "filename*=UTF-8''%E6%B5%8B%E8%AF%95.csv" in response["Content-Disposition"]
    lines = _read(response)
    assert lines[0] == ["名称", "金额", "日期"]
    assert [line[0] for line in lines[1:]] == ["'=1+2", "'+cmd", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "普通名称"]
    assert lines[1][1:] == ["-12.50", "2026-03-01"]  # a negative amount is a number, not neutralised text
    assert lines[5][1] == "" and lines[7][1] == "100.00"


def test_rows_are_written_as_they_are_read():
    def rows():
        yield ("a", 1, None)
        raise AssertionError("the response must not read ahead of its client")

    stream = csv_response(filename="x.csv", columns=COLUMNS, rows=rows()).streaming_content
    assert next(stream).decode("utf-8").lstrip("\ufeff").startswith("名称")
    assert next(stream).decode("utf-8").startswith("a,1")
