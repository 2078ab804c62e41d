"""CSV downloads, streamed: the same columns as an Excel export (``core.excel.Column``) and the same formula
neutralisation (``core.excel._safe_text``), so text that begins with "=", "+", "-", "@", a tab or a carriage return can
never run as a formula when the file is opened in Excel, WPS or LibreOffice. Numbers stay numbers (a negative amount
is written as -12.50, not neutralised).

UTF-8 with a byte-order mark: Excel on Chinese Windows reads a CSV without one as GBK and garbles every character.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .excel import Column, _safe_text

CSV_MIME = "text/csv; charset=utf-8"
BOM = "\ufeff"


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_value(value) -> str | int | float | Decimal:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _safe_text(str(value))


def csv_rows(*, columns: list[Column], rows: Iterable) -> Iterator[str]:
    """The header line, then one line per row; each value neutralised as in ``core.excel``."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([csv_value(str(column.header)) for column in columns])
    for row in rows:
        yield writer.writerow([csv_value(column.value(row)) for column in columns])


def csv_response(*, filename: str, columns: list[Column], rows: Iterable) -> StreamingHttpResponse:
    """A streamed CSV download (constant memory: rows are written as the client reads them)."""
    response = StreamingHttpResponse(csv_rows(columns=columns, rows=rows), content_type=CSV_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
