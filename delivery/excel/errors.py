"""The error workbook: the uploaded rows as the user sent them, with a 错误说明 column naming every problem of each
row (column, what is wrong, what is expected). It goes only to the uploading organization (it holds their own data).

Text that a spreadsheet would run as a formula (= + - @, tab, carriage return at the start) is prefixed with an
apostrophe, so a crafted cell in an upload cannot become a live formula in the file we hand back (CSV/formula
injection)."""

import datetime
import io
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from .rows import RowProblems

ERROR_HEADER = "错误说明"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")


def _printable(text: str) -> str:
    """Control characters (a NUL decoded from _x0000_) cannot be written to a worksheet: shown as "�" instead."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def neutralise(value):
    """A cell value safe to write back: formula-like text gets a leading apostrophe, control characters become "�";
    other types pass."""
    if isinstance(value, str):
        value = _printable(value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    if isinstance(value, (str, int, float, datetime.date)) or value is None:
        return value
    return str(value)


def describe(problems: RowProblems) -> str:
    """One cell of text: "【列】问题" for each problem, one per line."""
    return _printable(
        "\n".join(
            _("【%(column)s】%(problem)s") % {"column": column, "problem": problem}
            for column, problem in problems.problems
        )
    )


def build_error_workbook(*, header: list, rows: list[tuple[int, list]], problems: dict[int, RowProblems]) -> bytes:
    """Every uploaded row (good ones too, so the user fixes the file and uploads it whole again), each with its
    sheet row number and problems; rows with problems come first so they are seen at once."""
    ordered = sorted(rows, key=lambda item: item[0])
    return stream_error_workbook(header=header, rows=lambda: ordered, problems=problems)


def stream_error_workbook(
    *, header: list, rows: Callable[[], Iterable[tuple[int, list]]], problems: dict[int, RowProblems]
) -> bytes:
    """``build_error_workbook`` from a sheet read a few times over (``rows()`` gives the uploaded rows in order each
    time): its width, the rows with problems, then the others; no row is held in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("错误清单"))
    width = max([len(header)] + [len(values) for _number, values in rows()])
    sheet.column_dimensions["A"].width = 60
    title_cells = []
    for value in [ERROR_HEADER, _("原行号"), *header, *[""] * (width - len(header))]:
        cell = WriteOnlyCell(sheet, value=neutralise(value if value != "" else None))
        cell.font = Font(bold=True)
        title_cells.append(cell)
    sheet.append(title_cells)
    for with_problems in (True, False):
        for number, values in rows():
            row_problems = problems.get(number)
            if bool(row_problems) != with_problems:
                continue
            first = WriteOnlyCell(sheet, value=describe(row_problems) if row_problems else "")
            first.alignment = Alignment(wrap_text=True, vertical="top")
            if row_problems:
                first.fill = _ERROR_FILL
            cells = [first, number]
            for value in values:
                cells.append(neutralise(value if value != "" else None))
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
