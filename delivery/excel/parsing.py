"""Turning what real sheets contain into typed values: cell normalisation, dates, numbers, choices and headers.

Village social workers type into Excel, WPS and phone spreadsheet apps: full-width digits and spaces (an IME left in
full-width mode), stray spaces around values, dates as Excel serials, as real date cells or as text in four common
spellings. Every parser takes a raw cell value (what python-calamine returns: str, float, int, bool, date, datetime
or "" for an empty cell) and returns a typed value or raises ``CellError`` whose message says what was found and what
is expected. Nothing here touches the database.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# Excel's 1900 date system: serial 1 is 1900-01-01, but Excel counts a 29 Feb 1900 that never was, so serials from
# 61 on are one day ahead; counting from 1899-12-30 is right for every serial after that bug (all real dates).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_MIN_SERIAL, _MAX_SERIAL = 61, 2958465  # 1900-03-01 .. 9999-12-31

_WHITESPACE = re.compile(r"\s+")
_YMD = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
# A time of day after a date typed as text ("2025-03-01 00:00:00", as some exports write it) is dropped.
_TIME_SUFFIX = re.compile(r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_YMD_CHINESE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$")
_YM = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})|年(\d{1,2})月?)$")
_INTEGER = re.compile(r"^[+-]?\d+(?:\.0*)?$")
# Separators people put between several choices in one cell: 、 , ; / and spaces (after NFKC: ASCII forms).
_MULTI_SEPARATORS = re.compile(r"[、,;/\s]+")

DATE_FORMATS = "2025-03-01、2025/3/1、2025年3月1日、2025.3.1 或 Excel 日期"
MONTH_FORMATS = "2014-05、2014/5、2014年5月 或 Excel 日期"


class CellError(ValueError):
    """A cell that cannot be read as the column expects; ``str(error)`` is the Chinese message for the user."""


def is_empty(value) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    # Fast path (every cell of an import): a letter, digit or ideograph first never normalises to nothing.
    return not value[:1].isalnum() and normalise(value) == ""


def is_blank_row(values: Iterable) -> bool:
    """A row with nothing but empty cells and spaces (full-width too): skipped, never an error."""
    return all(is_empty(value) for value in values)


def normalise(value) -> str:
    """A cell as clean text: NFKC (full-width digits, letters and spaces become ASCII), runs of whitespace become one
    space, stripped. A whole-number float (how spreadsheets store 60) becomes "60", not "60.0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    text = unicodedata.normalize("NFKC", str(value))
    return _WHITESPACE.sub(" ", text).strip()


def compact(value) -> str:
    """Like ``normalise`` without any spaces at all: for codes, numbers, dates and labels ("2025 - 03 - 01")."""
    return normalise(value).replace(" ", "")


def clean_text(value: str) -> bool:
    """Whether ``text(value)`` is ``value`` itself: no space at either end, no run of spaces, no tab, newline,
    full-width or other special space (none of them is printable)."""
    return value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " "


def text(value, *, max_length: int | None = None) -> str:
    """Free text (names, notes, villages): only stripped and with whitespace runs collapsed; the characters a user
    typed are kept (NFKC would turn Chinese punctuation into ASCII)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = _WHITESPACE.sub(" ", str(value).replace("\u3000", " ")).strip()
    if max_length is not None and len(result) > max_length:
        raise CellError(
            _("内容过长：最多 %(max)s 个字，这里有 %(length)s 个字。") % {"max": max_length, "length": len(result)}
        )
    return result


def _date(year: int, month: int, day: int, shown: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("“%(value)s”不是真实存在的日期。") % {"value": shown}) from None


def parse_date(value) -> datetime.date:
    """A date from a date cell, an Excel serial number or text in one of ``DATE_FORMATS``."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        serial = int(value)  # a fraction is a time of day: the date is what counts
        if not _MIN_SERIAL <= serial <= _MAX_SERIAL:
            raise CellError(
                _("“%(value)s”不是日期，应填写如 %(formats)s。") % {"value": value, "formats": DATE_FORMATS}
            )
        return _EXCEL_EPOCH + datetime.timedelta(days=serial)
    shown = normalise(value)
    cleaned = _TIME_SUFFIX.sub("", shown).replace(" ", "")
    if not cleaned:
        raise CellError(_("请填写日期（如 %(formats)s）。") % {"formats": DATE_FORMATS})
    match = _YMD.match(cleaned) or _YMD_CHINESE.match(cleaned)
    if match is None:
        raise CellError(
            _("“%(value)s”不是可识别的日期，应填写如 %(formats)s。") % {"value": shown, "formats": DATE_FORMATS}
        )
    groups = [g for g in match.groups() if g and g.isdigit()]
    return _date(int(groups[0]), int(groups[1]), int(groups[2]), shown)


def parse_year_month(value) -> tuple[int, int]:
    """A year and month (a birth month): "2014-05", "2014/5", "2014年5月", or any full date or date cell."""
    if isinstance(value, (datetime.date, int, float)) and not isinstance(value, bool):
        day = parse_date(value)
        return day.year, day.month
    shown = normalise(value)
    cleaned = shown.replace(" ", "")
    match = _YM.match(cleaned)
    if match:
        year, month = int(match.group(1)), int(match.group(2) or match.group(3))
        if not 1 <= month <= 12:
            raise CellError(_("“%(value)s”的月份应在 1 至 12 之间。") % {"value": shown})
        return year, month
    try:
        day = parse_date(value)
    except CellError:
        raise CellError(
            _("“%(value)s”不是可识别的年月，应填写如 %(formats)s。") % {"value": shown, "formats": MONTH_FORMATS}
        ) from None
    return day.year, day.month


def parse_integer(value) -> int:
    """A whole number: 60, "６０", " 60 ", "1,200", 60.0; not 60.5, not "60分钟"."""
    if isinstance(value, bool):
        raise CellError(_("应填写整数。"))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("“%(value)s”不是整数，应填写整数（如 60）。") % {"value": value})
        return int(value)
    cleaned = compact(value).replace(",", "")
    if not cleaned:
        raise CellError(_("请填写整数。"))
    if not _INTEGER.match(cleaned):
        raise CellError(_("“%(value)s”不是整数，应只填写数字（如 60）。") % {"value": normalise(value)})
    return int(Decimal(cleaned))


def parse_decimal(value) -> Decimal:
    """A decimal number: 12.5, "１２.５", "1,200.50". A float cell is read through its shortest repr, so 0.1 stays
    0.1 and not 0.1000000000000000055511151231257827."""
    if isinstance(value, bool):
        raise CellError(_("应填写数字。"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        result = Decimal(repr(value))
    else:
        cleaned = compact(value).replace(",", "")
        if not cleaned:
            raise CellError(_("请填写数字。"))
        try:
            result = Decimal(cleaned)
        except InvalidOperation:
            raise CellError(_("“%(value)s”不是数字，应只填写数字（如 12.5）。") % {"value": normalise(value)}) from None
    if not result.is_finite():
        raise CellError(_("“%(value)s”不是数字，应只填写数字（如 12.5）。") % {"value": normalise(value)})
    return result


def choice_key(label) -> str:
    """How choice labels and headers are compared: NFKC, no spaces, case-insensitive."""
    return compact(label).casefold()


class Choices:
    """A choice column: matched by its Chinese label or its code, ignoring spaces, width and case."""

    def __init__(self, options: Iterable[tuple[object, str]], *, extra: Mapping[str, object] | None = None):
        self.options = list(options)  # (value, label)
        self.labels = [str(label) for _value, label in self.options]
        self._lookup: dict[str, object] = {}
        self._parsed: dict[str, object] = {}
        for value, label in self.options:
            code = getattr(value, "code", value)
            self._lookup.setdefault(choice_key(label), value)
            self._lookup.setdefault(choice_key(code), value)
        for label, value in (extra or {}).items():
            self._lookup.setdefault(choice_key(label), value)

    def expected(self, limit: int = 12) -> str:
        shown = self.labels[:limit]
        return "、".join(shown) + ("等" if len(self.labels) > limit else "")

    def parse(self, value):
        # A column repeats a few labels down thousands of rows: remember how each spelling was read.
        if isinstance(value, str) and (known := self._parsed.get(value)) is not None:
            return known
        result = self._parse(value)
        if isinstance(value, str) and len(self._parsed) < 1000:
            self._parsed[value] = result
        return result

    def _parse(self, value):
        key = choice_key(value)
        if not key:
            raise CellError(_("请从下拉列表中选择：%(expected)s。") % {"expected": self.expected()})
        try:
            return self._lookup[key]
        except KeyError:
            raise CellError(
                _("“%(value)s”不是可选项，应为：%(expected)s。")
                % {"value": normalise(value), "expected": self.expected()}
            ) from None

    def parse_many(self, value) -> list:
        """Several choices in one cell, separated by 、 , ; / or spaces; each must be known, none repeated."""
        parts = [part for part in _MULTI_SEPARATORS.split(normalise(value)) if part]
        if not parts:
            raise CellError(_("请至少填写一项：%(expected)s（多项用“、”分隔）。") % {"expected": self.expected()})
        result = []
        for part in parts:
            choice = self.parse(part)
            if choice not in result:
                result.append(choice)
        return result


def header_key(value) -> str:
    """A header as compared with the template's: NFKC, no spaces, case-insensitive, without a required-marker "*"
    or a trailing "(必填)"/"(选填)" that some users add."""
    key = choice_key(value).replace("*", "")
    for suffix in ("(必填)", "(选填)", "(可选)"):
        key = key.removesuffix(suffix)
    return key


def match_headers(row: Iterable, headers: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Which column index holds each known header: ``headers`` maps a column key to its accepted header spellings.
    Unknown columns are ignored; when a header appears twice the first one is used."""
    wanted = {header_key(spelling): key for key, spellings in headers.items() for spelling in spellings}
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = wanted.get(header_key(cell))
        if key is not None and key not in found:
            found[key] = index
    return found
