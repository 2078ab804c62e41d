"""Excel helpers shared by every app: exports declare their columns once and stream rows (``core.xlsx``, constant
memory, the first bytes leave at once); imports read rows (read-only) and report problems by row number without
writing anything."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell

from .uploads import validate_workbook
from .xlsx import MAX_SHEET_ROWS, write_xlsx

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    number_format: str | None = None
    width: int = 16


# Text that a spreadsheet program would read as a formula (or a DDE command) when it starts with one of these.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(text: str) -> str:
    """Text an organization or applicant typed can never run as a formula: a leading quote makes Excel, WPS and
    LibreOffice show it as plain text (OWASP's advice against CSV/formula injection)."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def _cell_value(value):
    """What a cell holds: numbers, Decimals, booleans and dates keep their type (a negative amount stays a number),
    datetimes become local time, None stays empty, and everything else becomes neutralised text."""
    kind = type(value)
    if kind is str:
        return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value
    if value is None or kind is int or kind is Decimal or kind is datetime.date or kind is bool or kind is float:
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (bool, int, float, Decimal, datetime.date)):
        return value
    return _safe_text(str(value))


def write_only_cell(sheet, value) -> WriteOnlyCell:
    """A cell for an openpyxl write-only sheet, neutralised like every export: for the few small workbooks of several
    sheets (the open data download and its field dictionary); a list's export streams through ``workbook_response``."""
    cell = WriteOnlyCell(sheet, value=_cell_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # openpyxl would otherwise store any text starting with "=" as a formula
    return cell


def workbook_chunks(
    *, sheet_title: str, columns: list[Column], rows: Iterable, max_sheet_rows: int = MAX_SHEET_ROWS
) -> Iterator[bytes]:
    """The .xlsx bytes of ``rows`` (one per ``columns``' values), produced as the rows are read: a bold header row,
    the columns' widths and number formats, a new sheet every ``max_sheet_rows`` rows (Excel holds 1,048,576)."""
    getters = [column.value for column in columns]
    values = ([_cell_value(get(row)) for get in getters] for row in rows)
    return write_xlsx(
        sheet_title=str(sheet_title),
        headers=[str(column.header) for column in columns],
        number_formats=[column.number_format for column in columns],
        widths=[column.width for column in columns],
        rows=values,
        max_sheet_rows=max_sheet_rows,
    )


def build_workbook(*, sheet_title: str, columns: list[Column], rows: Iterable) -> bytes:
    """The whole workbook in memory: for tests and small attachments; a download uses ``workbook_response``."""
    return b"".join(workbook_chunks(sheet_title=sheet_title, columns=columns, rows=rows))


def workbook_response(
    *, filename: str, sheet_title: str, columns: list[Column], rows: Iterable
) -> StreamingHttpResponse:
    """A download that streams: the rows are read from the database (pass ``queryset.iterator()``) and written as
    the client receives them, so memory stays flat and the first bytes leave at once, however many rows."""
    response = StreamingHttpResponse(
        workbook_chunks(sheet_title=sheet_title, columns=columns, rows=rows), content_type=XLSX_MIME
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(str(filename))}"
    # A proxy that buffers (nginx by default) would hold the whole file before the first byte reaches the client.
    response["X-Accel-Buffering"] = "no"
    return response


def wants_xlsx(request) -> bool:
    """Every officer list answers ``?format=xlsx`` with its Excel export: the same view, the same scope, the same
    filters (the "导出 Excel" button, ``includes/export_button.html``, carries the current query string)."""
    return request.GET.get("format") == "xlsx"


MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def choice_labels(choices) -> dict:
    """A choice field's labels translated once per export, not once per row (gettext per cell was a third of an
    export's time): ``labels = choice_labels(Status.choices)`` then ``labels.get(obj.status, obj.status)``."""
    return {value: str(label) for value, label in choices}


def read_rows(upload, *, header_row: int = 1) -> tuple[list[str], list[tuple[int, dict]]]:
    """Read the first sheet of an uploaded workbook: (headers, [(row number, {header: value})]).
    Raises ``ValueError`` with a Chinese message if the file is not a readable .xlsx workbook."""
    try:
        # The bytes and the zip directory first (type, macros, zip bomb): openpyxl never sees a refused file.
        validate_workbook(upload)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a corrupt file
        raise ValueError(_("无法读取该文件，请上传 Excel 2007 及以上格式（.xlsx）的工作簿。")) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headers: list[str] = []
    for number, values in enumerate(rows, start=1):
        if number == header_row:
            headers = [str(v).strip() if v is not None else "" for v in values]
            break
    records = []
    for number, values in enumerate(rows, start=header_row + 1):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        records.append((number, dict(zip(headers, values, strict=False))))
    workbook.close()
    return headers, records
