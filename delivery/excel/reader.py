"""Opening an uploaded workbook safely, then reading the values of the sheet that carries a template's headers.

Every check that can refuse a file runs before its cells are parsed, on the bytes and the zip directory only:
size, the zip signature (a renamed .xls/.csv/.txt is refused), an encrypted workbook (an OLE2 compound file holding
an ``EncryptedPackage`` stream, or an encrypted zip entry), the xlsx parts, and a zip bomb (declared uncompressed
sizes over ``DELIVERY_IMPORT_MAX_UNCOMPRESSED`` or a compression ratio no spreadsheet reaches; nothing is inflated
to find out). Python's zipfile and calamine both stop at the declared size, so a lying directory cannot expand
further than what was checked.

Values are read with python-calamine (Rust): on this machine about 9× faster than openpyxl's read-only mode on a
100,000-row sheet (``bench/excel_import.py``, docs/benchmarks.md). calamine returns cached values only, so formulas
are found by streaming the chosen sheet's XML: a byte search for ``<f`` costs little next to the read, and only when
it hits is the XML parsed incrementally to name the cells.
"""

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from xml.etree import ElementTree

import python_calamine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.filetypes import OLE2_SIGNATURE, ZIP_SIGNATURE, has_macros, is_zip_bomb

from .parsing import is_blank_row, match_headers

# How far down a sheet its header row may be (users put a title line or two above the table).
HEADER_SEARCH_ROWS = 10

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


class WorkbookRefused(ValidationError):
    """The file as a whole cannot be imported; the message says why in Chinese."""


@dataclass
class SheetData:
    """The rows of the sheet that carries the headers. Row numbers are the sheet's own (1 = first row)."""

    name: str
    header_row: int
    header: list
    columns: dict[str, int]  # column key -> 0-based column index
    rows: list[tuple[int, list]]  # (row number, cell values), blank rows left out
    formula_cells: set[tuple[int, int]] = field(default_factory=set)  # (row number, 0-based column index)


def _refuse(message: str, code: str):
    raise WorkbookRefused(message, code=code)


def check_container(data: bytes) -> zipfile.ZipFile:
    """Refuse what is not an importable .xlsx before anything is inflated; return the open zip."""
    max_bytes = settings.DELIVERY_IMPORT_MAX_BYTES
    if len(data) > max_bytes:
        _refuse(
            _("文件大小为 %(size)s，超过上限 %(limit)s。请把数据分成几个文件上传。")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(max_bytes)},
            "too_big",
        )
    if data.startswith(OLE2_SIGNATURE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            _refuse(
                _("该工作簿设置了打开密码（已加密），无法读取。请在 Excel 中取消密码后另存为 .xlsx 再上传。"),
                "encrypted",
            )
        _refuse(
            _("这是旧版 Excel 97-2003（.xls）文件。请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）后再上传。"), "xls"
        )
    if not data.startswith(ZIP_SIGNATURE):
        _refuse(
            _("该文件不是 Excel 工作簿（.xlsx）：可能是 CSV、文本或改了扩展名的其他文件。请下载模板填写后上传。"),
            "not_xlsx",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        _refuse(_("该文件已损坏，无法作为 Excel 工作簿打开。请重新保存后再上传。"), "corrupt")
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        _refuse(_("该文件不是 Excel 工作簿（.xlsx）：压缩包里没有工作簿内容。请下载模板填写后上传。"), "not_xlsx")
    if any(member.flag_bits & 0x1 for member in members):
        _refuse(
            _("该工作簿设置了打开密码（已加密），无法读取。请在 Excel 中取消密码后另存为 .xlsx 再上传。"), "encrypted"
        )
    limit = settings.DELIVERY_IMPORT_MAX_UNCOMPRESSED
    if is_zip_bomb(members, limit):
        total = sum(member.file_size for member in members)
        _refuse(
            _("该文件解压后过大（%(size)s，上限 %(limit)s），不像正常的工作簿，已拒绝读取。")
            % {"size": filesizeformat(total), "limit": filesizeformat(limit)},
            "zip_bomb",
        )
    if has_macros(archive):
        _refuse(
            _("该工作簿含有宏（.xlsm 或 VBA 代码），出于安全原因不能导入。请在 Excel 中另存为 .xlsx 后再上传。"),
            "macros",
        )
    return archive


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML (through workbook.xml and its relationships)."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations.iter(f"{{{_PKG_REL_NS}}}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{{{_MAIN_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL_NS}}}id"), "")
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            parts[sheet.get("name")] = path
    return parts


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def formula_cells(archive: zipfile.ZipFile, part: str) -> set[tuple[int, int]]:
    """The cells of one sheet that hold a formula, as (row number, 0-based column). Streams the XML: a byte search
    first (most uploads have none), an incremental parse only when a formula is there."""
    try:
        with archive.open(part) as stream:
            tail = b""
            while chunk := stream.read(1 << 20):
                if _FORMULA.search(tail + chunk):
                    break
                tail = chunk[-16:]
            else:
                return set()
        found = set()
        with archive.open(part) as stream:
            for _event, element in ElementTree.iterparse(stream, events=("end",)):
                if element.tag == f"{{{_MAIN_NS}}}c":
                    if element.find(f"{{{_MAIN_NS}}}f") is not None:
                        match = _CELL_REF.match(element.get("r", ""))
                        if match:
                            found.add((int(match.group(2)), _column_index(match.group(1))))
                    element.clear()
                elif element.tag == f"{{{_MAIN_NS}}}row":
                    element.clear()
        return found
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, EOFError):
        _refuse(_("该文件已损坏，无法作为 Excel 工作簿打开。请重新保存后再上传。"), "corrupt")


def _find_header(workbook, headers: Mapping[str, Iterable[str]], required: set[str]):
    """The first visible sheet (then hidden ones) whose first rows hold every required header: a renamed sheet or
    a title line above the table still works."""
    sheets = sorted(workbook.sheets_metadata, key=lambda meta: meta.visible != python_calamine.SheetVisibleEnum.Visible)
    for meta in sheets:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        sheet = workbook.get_sheet_by_name(meta.name)  # reads the whole sheet: kept for its rows
        top = sheet.to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)
        for index, row in enumerate(top):
            columns = match_headers(row, headers)
            if required <= set(columns):
                return sheet, meta.name, index + 1, list(row), columns
    return None


class SheetStream:
    """The sheet that carries the headers, its rows read one at a time (``rows()``: each call reads them again, so
    an import keeps no more than one chunk of rows in memory). Row numbers are the sheet's own (1 = first row)."""

    def __init__(self, *, sheet, name: str, header_row: int, header: list, columns: dict[str, int], formulas):
        self._sheet = sheet  # calamine's range of cells (held in Rust); rows become Python lists one at a time
        self.name = name
        self.header_row = header_row
        self.header = header
        self.columns = columns
        self.formula_cells: set[tuple[int, int]] = formulas

    def rows(self):
        """(row number, cell values) of every non-blank row below the header, in order."""
        header_row = self.header_row
        for number, row in enumerate(self._sheet.iter_rows(), start=1):
            if number > header_row and not is_blank_row(row):
                yield number, row

    def count(self) -> int:
        return sum(1 for _row in self.rows())


def open_sheet(data: bytes, *, headers: Mapping[str, Iterable[str]], required: set[str], title: str) -> SheetStream:
    """Check the file, find the sheet with the template's headers and the cells that hold formulas; its rows are
    then read as a stream (``SheetStream.rows``). Raises ``WorkbookRefused`` with a Chinese message; ``title``
    names the template."""
    archive = check_container(data)
    try:
        workbook = python_calamine.load_workbook(io.BytesIO(data))
        found = _find_header(workbook, headers, required)
    except python_calamine.PasswordError:
        _refuse(
            _("该工作簿设置了打开密码（已加密），无法读取。请在 Excel 中取消密码后另存为 .xlsx 再上传。"), "encrypted"
        )
    except (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError, ValueError):
        _refuse(_("该文件已损坏，无法作为 Excel 工作簿打开。请重新保存后再上传。"), "corrupt")
    if found is None:
        _refuse(
            _("没有找到“%(title)s”模板的表头（必填列：%(headers)s）。请下载本项目的模板，在模板中填写后上传。")
            % {"title": title, "headers": "、".join(next(iter(headers[key])) for key in headers if key in required)},
            "no_header",
        )
    sheet, name, header_row, header, columns = found
    max_rows = settings.DELIVERY_IMPORT_MAX_ROWS
    # ``end`` is the last used cell, 0-based; the sheet's rows below the header, blank ones included.
    below_header = (sheet.end[0] + 1 if sheet.end else 0) - header_row
    if below_header > max_rows:
        _refuse(
            _("工作表“%(sheet)s”有 %(rows)s 行，超过单个文件 %(max)s 行的上限。请分成几个文件上传。")
            % {"sheet": name, "rows": below_header, "max": max_rows},
            "too_many_rows",
        )
    part = _sheet_parts(archive).get(name)
    formulas = formula_cells(archive, part) if part else set()
    return SheetStream(sheet=sheet, name=name, header_row=header_row, header=header, columns=columns, formulas=formulas)


def read_sheet(data: bytes, *, headers: Mapping[str, Iterable[str]], required: set[str], title: str) -> SheetData:
    """``open_sheet`` with every non-blank row read into a list (small sheets, tests and the reader benchmark)."""
    stream = open_sheet(data, headers=headers, required=required, title=title)
    return SheetData(
        name=stream.name,
        header_row=stream.header_row,
        header=stream.header,
        columns=stream.columns,
        rows=list(stream.rows()),
        formula_cells=stream.formula_cells,
    )
