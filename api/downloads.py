"""The open data as CSV and xlsx: the columns of the field dictionary (``api.dictionary``), read from each record's
JSON, every text neutralised against formulas by ``core.csv_export`` and ``core.excel``. CSV streams (constant memory);
the xlsx workbook carries the field dictionary as a second sheet (字段说明)."""

import datetime
import io
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from core.csv_export import csv_response
from core.excel import MONEY_FORMAT, XLSX_MIME, Column, write_only_cell

from .dictionary import DICTIONARY_FIELDS, Field

FORMATS = ("csv", "xlsx")


def _typed(field: Field, value):
    """A value as the spreadsheet should hold it: amounts as numbers, dates as dates, "<5" and text as text."""
    if value in (None, ""):
        return value
    try:
        if field.type == "decimal":
            return Decimal(str(value))
        if field.type == "date":
            return datetime.date.fromisoformat(str(value))
    except (InvalidOperation, ValueError):
        return value
    return value


def columns(fields: list[Field]) -> list[Column]:
    return [
        Column(
            field.key,
            lambda row, field=field: _typed(field, field.read(row)),
            number_format=MONEY_FORMAT if field.type == "decimal" else ("yyyy-mm-dd" if field.type == "date" else None),
            width=max(12, min(40, len(field.key) + 4)),
        )
        for field in fields
    ]


def _append(sheet, cols: list[Column], rows: Iterable, *, bold_header: bool = True) -> None:
    header = []
    for column in cols:
        cell = write_only_cell(sheet, column.header)
        cell.font = Font(bold=bold_header)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in cols:
            cell = write_only_cell(sheet, column.value(row))
            if column.number_format and not isinstance(cell.value, str):
                cell.number_format = column.number_format
            cells.append(cell)
        sheet.append(cells)


def xlsx_response(*, name: str, fields: list[Field], rows: Iterable) -> HttpResponse:
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(title=name[:31])
    _append(data, columns(fields), rows)
    dictionary = workbook.create_sheet(title="字段说明")
    _append(dictionary, columns(DICTIONARY_FIELDS[1:]), _dictionary_rows(fields))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.xlsx"
    return response


def _dictionary_rows(fields: list[Field]) -> list[dict]:
    return [field.describe() for field in fields]


def download(fmt: str, *, name: str, fields: list[Field], rows: Iterable):
    """``rows``: JSON representations (dicts), possibly a generator."""
    if fmt == "csv":
        response = csv_response(filename=f"{name}.csv", columns=columns(fields), rows=rows)
    else:
        response = xlsx_response(name=name, fields=fields, rows=rows)
    response["Access-Control-Allow-Origin"] = "*"
    return response
