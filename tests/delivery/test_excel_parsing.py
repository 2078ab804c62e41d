"""Cell parsing for the Excel import: what real sheets contain is accepted, anything else is refused with the
expected format in the message."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from delivery.excel.parsing import (
    CellError,
    Choices,
    header_key,
    is_blank_row,
    match_headers,
    normalise,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_year_month,
    text,
)

MARCH_1 = datetime.date(2025, 3, 1)


def _full_width(value: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in value)


@pytest.mark.parametrize(
    "value",
    [
        "2025-03-01",
        "2025/3/1",
        "2025年3月1日",
        "2025.3.1",
        "2025-3-1",
        " 2025-03-01 ",
        "2025 年 3 月 1 日",
        "２０２５年３月１日",
        "２０２５－０３－０１",
        "2025-03-01 00:00:00",
        45717,  # Excel serial
        45717.0,
        45717.75,  # a time of day in the serial
        datetime.date(2025, 3, 1),
        datetime.datetime(2025, 3, 1, 14, 30),
    ],
)
def test_accepted_dates(value):
    assert parse_date(value) == MARCH_1


@pytest.mark.parametrize(
    "value", ["2025-02-30", "03/01/2025", "1-3-2025", "2025-03", "明天", "20250301", "2025-03/01", -5, 10**9, True]
)
def test_refused_dates_name_the_expected_formats(value):
    with pytest.raises(CellError) as error:
        parse_date(value)
    message = str(error.value)
    assert "2025-03-01" in message or "不是真实存在的日期" in message


def test_an_impossible_date_is_called_so():
    with pytest.raises(CellError, match="不是真实存在的日期"):
        parse_date("2025年2月30日")


@given(st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(9999, 12, 31)))
def test_every_spelling_of_a_date_reads_back(day):
    spellings = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}.{day.month}.{day.day}",
        _full_width(day.isoformat()),
        (day - datetime.date(1899, 12, 30)).days,
    ]
    for spelling in spellings:
        assert parse_date(spelling) == day


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2014-05", (2014, 5)), ("2014/5", (2014, 5)), ("2014年5月", (2014, 5)), ("２０１４年５月", (2014, 5))],
)
def test_year_month(value, expected):
    assert parse_year_month(value) == expected


def test_year_month_from_a_date_cell_or_full_date():
    assert parse_year_month(datetime.date(2014, 5, 17)) == (2014, 5)
    assert parse_year_month("2014-05-17") == (2014, 5)


@pytest.mark.parametrize("value", ["2014-13", "五月", "14-05"])
def test_bad_year_month(value):
    with pytest.raises(CellError):
        parse_year_month(value)


@pytest.mark.parametrize(
    ("value", "expected"), [(60, 60), (60.0, 60), ("60", 60), ("６０", 60), (" 60 ", 60), ("1,200", 1200), ("-5", -5)]
)
def test_integers(value, expected):
    assert parse_integer(value) == expected


@pytest.mark.parametrize("value", [60.5, "60分钟", "一小时", "", "6 0 0 x", True])
def test_not_integers(value):
    with pytest.raises(CellError):
        parse_integer(value)


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_integers_in_full_width_read_back(number):
    assert parse_integer(_full_width(str(number))) == number
    assert parse_integer(float(number)) == number


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.1, Decimal("0.1")), ("１２.５", Decimal("12.5")), ("1,200.50", Decimal("1200.50")), (7, Decimal(7))],
)
def test_decimals(value, expected):
    assert parse_decimal(value) == expected


@pytest.mark.parametrize("value", ["abc", "nan", "Infinity", "", "12.5分"])
def test_not_decimals(value):
    with pytest.raises(CellError):
        parse_decimal(value)


def test_normalise_turns_full_width_into_ascii_and_collapses_spaces():
    assert normalise("\u3000 ａｂｃ  １２３\u3000") == "abc 123"
    assert normalise(60.0) == "60"
    assert normalise(None) == ""


def test_text_keeps_chinese_punctuation_and_refuses_overlong():
    assert text("  家访：情况良好（已随访）\u3000") == "家访：情况良好（已随访）"
    with pytest.raises(CellError, match="最多 5 个字"):
        text("一二三四五六", max_length=5)


def test_choices_by_label_or_code_ignoring_spaces_and_width():
    choices = Choices([("case", "个案"), ("group", "小组"), ("home_visit", "家访")])
    assert choices.parse(" 个 案 ") == "case"
    assert choices.parse("HOME_VISIT") == "home_visit"
    assert choices.parse("ｇｒｏｕｐ") == "group"
    with pytest.raises(CellError, match="个案、小组、家访"):
        choices.parse("讲座")
    with pytest.raises(CellError, match="请从下拉列表中选择"):
        choices.parse("")


def test_several_choices_in_one_cell():
    choices = Choices([("orphan", "孤儿"), ("left_behind", "农村留守儿童"), ("disabled", "残疾儿童")])
    assert choices.parse_many("孤儿、残疾儿童") == ["orphan", "disabled"]
    assert choices.parse_many("孤儿，残疾儿童；孤儿") == ["orphan", "disabled"]
    with pytest.raises(CellError):
        choices.parse_many("孤儿、外星儿童")


def test_headers_match_in_any_order_with_spaces_full_width_and_extra_columns():
    headers = {"date": ["服务日期"], "minutes": ["服务时长(分钟)", "时长"], "notes": ["备注"]}
    row = ["备注 ", "多余的一列", "服务时长（分钟）", " 服 务 日 期 *", "服务日期"]
    assert match_headers(row, headers) == {"notes": 0, "minutes": 2, "date": 3}


def test_header_key_ignores_required_markers():
    assert header_key("服务日期（必填）") == header_key("*服务日期") == header_key("服务日期")


def test_blank_rows():
    assert is_blank_row(["", None, " ", "\u3000"])
    assert not is_blank_row(["", "x"])
