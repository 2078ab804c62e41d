"""Excel helpers shared by every app: exports declare their columns once and stream rows (openpyxl write-only);
imports read rows (read-only) and report problems by row number without writing anything."""

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .uploads import validate_workbook

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
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal, datetime.date)):
        return value  # a number stays a number, negative ones included
    return _safe_text(str(value))


def _cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_cell_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # openpyxl would otherwise store any text starting with "=" as a formula
    return cell


def build_workbook(*, sheet_title: str, columns: list[Column], rows: Iterable) -> bytes:
    """Write ``rows`` into a one-sheet workbook with a bold Chinese header row; money stays Decimal."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for index, column in enumerate(columns):
        sheet.column_dimensions[get_column_letter(index + 1)].width = column.width
    header = []
    for column in columns:
        cell = _cell(sheet, str(column.header))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in columns:
            cell = _cell(sheet, column.value(row))
            if column.number_format:
                cell.number_format = column.number_format
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_response(*, filename: str, sheet_title: str, columns: list[Column], rows: Iterable) -> HttpResponse:
    content = build_workbook(sheet_title=sheet_title, columns=columns, rows=rows)
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


MONEY_FORMAT = "#,##0.00"


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
        raise ValueError("无法读取该文件，请上传 Excel 2007 及以上格式（.xlsx）的工作簿。") from error
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
