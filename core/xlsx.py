"""A streaming xlsx writer: rows in, chunks of a finished .xlsx file out, in constant memory.

openpyxl's write-only mode and XlsxWriter's constant-memory mode both write every row to a temporary file and zip it
when the workbook is closed, so the first byte leaves only once the last row is written (a million rows: minutes
with nothing on the wire, past a proxy's read timeout). Here the sheet's XML is deflated into the zip archive as the
rows arrive (zip entries with data descriptors, as any streaming zip writer makes them), and every few hundred rows
the finished bytes are handed out. Only what a spreadsheet needs is written: inline strings (no shared-string table
to hold in memory), numbers, booleans, dates as serial numbers with a number format, a bold frozen header row and
column widths. Excel, WPS, LibreOffice, openpyxl and calamine read the result.

This module knows nothing about formulas: ``core.excel`` decides what each value becomes (it neutralises text that
would run as a formula) and passes plain Python values; a ``str`` is always written as text, never as a formula.
"""

import datetime
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

# A sheet holds at most 1,048,576 rows (Excel's limit): the header plus this many rows, then the next sheet.
MAX_SHEET_ROWS = 1_048_575
# Handing out bytes every N rows keeps both the buffer and the number of tiny network writes small.
FLUSH_EVERY = 500
# zlib level 1: a third of the time of level 6 for an archive about 15 % larger (XML compresses well either way).
COMPRESSLEVEL = 1

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# XML 1.0 forbids these characters even escaped; a spreadsheet cell cannot hold them.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Characters that forbid a sheet name (Excel refuses the file otherwise).
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_EPOCH = datetime.date(1899, 12, 30)  # Excel's day 0 (1900 date system, with its leap-year bug absorbed)
_EPOCH_ORDINAL = _EPOCH.toordinal()
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def column_letter(index: int) -> str:
    """1 → A, 26 → Z, 27 → AA."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_name(title: str, number: int) -> str:
    """A legal, unique sheet name: forbidden characters dropped, 31 characters at most, "(2)" on the second sheet."""
    base = _SHEET_NAME_FORBIDDEN.sub("", title).strip("'") or "Sheet"
    suffix = f" ({number})" if number > 1 else ""
    return base[: 31 - len(suffix)] + suffix


class _Sink:
    """An unseekable file for ``zipfile``: it collects what is written until ``drain`` takes it."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self._position = 0

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:  # zipfile asks where it is to fill in the central directory
        return self._position

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


class _Styles:
    """Cell formats: 0 plain, 1 bold (the header), then one per number format in use."""

    BUILTIN = {"0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10}

    def __init__(self, formats: Iterable[str | None]):
        self.formats: list[str] = []
        for number_format in [DATE_FORMAT, DATETIME_FORMAT, *formats]:
            if number_format and number_format not in self.formats:
                self.formats.append(number_format)

    def index(self, number_format: str | None) -> int:
        return 2 + self.formats.index(number_format) if number_format else 0

    def xml(self) -> str:
        custom, ids = [], []
        for position, number_format in enumerate(self.formats):
            num_fmt_id = self.BUILTIN.get(number_format, 164 + position)
            if num_fmt_id >= 164:
                custom.append(f'<numFmt numFmtId="{num_fmt_id}" formatCode={quoteattr(number_format)}/>')
            ids.append(num_fmt_id)
        xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
        xfs.append('<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>')
        xfs += [
            f'<xf numFmtId="{num_fmt_id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
            for num_fmt_id in ids
        ]
        num_fmts = f'<numFmts count="{len(custom)}">{"".join(custom)}</numFmts>' if custom else ""
        return (
            f'{XML_HEAD}<styleSheet xmlns="{MAIN_NS}">{num_fmts}'
            '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font>'
            '<font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


def _text(value: str) -> str:
    if _ILLEGAL_XML.search(value):
        value = _ILLEGAL_XML.sub("", value)
    value = escape(value)
    if value[:1].isspace() or value[-1:].isspace():
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


def _serial(value: datetime.datetime) -> float:
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    return value.toordinal() - _EPOCH_ORDINAL + seconds / 86400


def _other_cell(reference: str, value, number_style: str, date_style: int, datetime_style: int) -> str:
    """A value whose type is a subclass of the usual ones (an IntegerChoices member is an int, a lazy string is
    text); anything else is written as the text it shows."""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        number = int(value) if isinstance(value, int) else float(value) if isinstance(value, float) else value
        if isinstance(number, int) or math.isfinite(number):
            return f'<c r="{reference}"{number_style}><v>{number}</v></c>'
    if isinstance(value, datetime.datetime):
        return f'<c r="{reference}" s="{datetime_style}"><v>{_serial(value)}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{reference}" s="{date_style}"><v>{value.toordinal() - _EPOCH_ORDINAL}</v></c>'
    return f'<c r="{reference}" t="inlineStr">{_text(str(value))}</c>'


def write_xlsx(
    *,
    sheet_title: str,
    headers: Sequence[str],
    number_formats: Sequence[str | None],
    widths: Sequence[float],
    rows: Iterable[Sequence],
    max_sheet_rows: int = MAX_SHEET_ROWS,
) -> Iterator[bytes]:
    """Yield the bytes of an .xlsx holding ``rows`` (sequences of str, int, float, Decimal, bool, date, datetime or
    None, one per header) under a bold header row, ``max_sheet_rows`` rows a sheet. Datetimes must be naive (the
    caller converts them to local time: a spreadsheet has no time zones)."""
    styles = _Styles(number_formats)
    date_style, datetime_style = styles.index(DATE_FORMAT), styles.index(DATETIME_FORMAT)
    letters = [column_letter(i + 1) for i in range(len(headers))]
    # Per column: (letter, style for numbers, style for dates, style for datetimes); a column's own format wins.
    plans = []
    for letter, number_format in zip(letters, number_formats, strict=True):
        own = styles.index(number_format)
        plans.append((letter, f' s="{own}"' if own else "", own or date_style, own or datetime_style))
    cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths))
    header_cells = "".join(
        f'<c r="{letter}1" s="1" t="inlineStr">{_text(str(header))}</c>'
        for letter, header in zip(letters, headers, strict=True)
    )
    sheet_head = (
        f'{XML_HEAD}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData><row r="1">{header_cells}</row>'
    ).encode()
    sheet_tail = b"</sheetData></worksheet>"

    sink = _Sink()
    archive = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL)
    archive.writestr(
        "_rels/.rels",
        f'{XML_HEAD}<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
        f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    )
    archive.writestr("xl/styles.xml", styles.xml())
    yield sink.drain()

    names: list[str] = []
    sheet = None
    row_number = max_sheet_rows + 1  # forces the first sheet open
    buffer: list[str] = []
    for values in rows:
        if row_number > max_sheet_rows:
            if sheet is not None:
                sheet.write("".join(buffer).encode())
                buffer.clear()
                sheet.write(sheet_tail)
                sheet.close()
            names.append(sheet_name(sheet_title, len(names) + 1))
            # force_zip64: a million wide rows may pass 2 GiB of XML before compression.
            sheet = archive.open(f"xl/worksheets/sheet{len(names)}.xml", "w", force_zip64=True)
            sheet.write(sheet_head)
            row_number = 1
        row_number += 1
        cells = []
        append = cells.append
        for (letter, number_style, date_s, datetime_s), value in zip(plans, values, strict=True):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                if value:
                    append(f'<c r="{letter}{row_number}" t="inlineStr">{_text(value)}</c>')
            elif kind is bool:
                append(f'<c r="{letter}{row_number}" t="b"><v>{int(value)}</v></c>')
            elif kind is int or ((kind is Decimal or kind is float) and math.isfinite(value)):
                append(f'<c r="{letter}{row_number}"{number_style}><v>{value}</v></c>')
            elif kind is datetime.datetime:
                append(f'<c r="{letter}{row_number}" s="{datetime_s}"><v>{_serial(value)}</v></c>')
            elif kind is datetime.date:
                append(f'<c r="{letter}{row_number}" s="{date_s}"><v>{value.toordinal() - _EPOCH_ORDINAL}</v></c>')
            else:  # a subclass (a choice's enum member, a lazy string, …)
                append(_other_cell(f"{letter}{row_number}", value, number_style, date_s, datetime_s))
        buffer.append(f'<row r="{row_number}">{"".join(cells)}</row>')
        if len(buffer) >= FLUSH_EVERY:
            sheet.write("".join(buffer).encode())
            buffer.clear()
            chunk = sink.drain()
            if chunk:
                yield chunk
    if sheet is None:  # no rows: still one sheet, with its header
        names.append(sheet_name(sheet_title, 1))
        sheet = archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        sheet.write(sheet_head)
    sheet.write("".join(buffer).encode())
    sheet.write(sheet_tail)
    sheet.close()

    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, start=1)
    )
    archive.writestr(
        "xl/workbook.xml",
        f'{XML_HEAD}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><bookViews><workbookView/></bookViews>'
        f"<sheets>{sheets}</sheets></workbook>",
    )
    relations = "".join(
        f'<Relationship Id="rId{n}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(names) + 1)
    )
    archive.writestr(
        "xl/_rels/workbook.xml.rels",
        f'{XML_HEAD}<Relationships xmlns="{PKG_REL_NS}">{relations}'
        f'<Relationship Id="rId{len(names) + 1}" Type="{REL_NS}/styles" Target="styles.xml"/></Relationships>',
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(names) + 1)
    )
    archive.writestr(
        "[Content_Types].xml",
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>",
    )
    archive.close()
    yield sink.drain()
