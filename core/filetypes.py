"""What an uploaded file really is, from its bytes: the checks behind ``core.uploads``.

Nothing here trusts a name or a browser's content type. Office files are containers, so they are opened as such,
reading only their directories (never inflating a member except the small ``[Content_Types].xml``):

- OOXML (.docx, .xlsx) is a zip: the parts a Word document or a workbook must have, no ``vbaProject.bin`` and no
  macro-enabled content type (a .docm renamed .docx is still refused), no encrypted entry, and the zip-bomb limits
  (declared uncompressed total and per-member compression ratio) read from the central directory;
- OLE2 compound files (.doc, .xls, .wps, .et; also what Office writes for a password-protected .docx/.xlsx) are
  read with ``olefile``: no VBA storage (``Macros``, ``_VBA_PROJECT_CUR``, ``VBA``), no ``EncryptedPackage``;
- anything that starts like a program (PE, ELF, Mach-O, a script's ``#!``) or like markup (HTML, SVG, XML, which
  browsers may run scripts from) is refused whatever its name.

Each refusal raises ``ValidationError`` with a Chinese message and a ``code`` tests can check.
"""

import io
import zipfile

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
# Sheet and document XML compresses about 10–30×; deflate cannot pass ~1,030×. A member above this ratio (and big
# enough to matter) is a bomb, not an office file.
MAX_COMPRESSION_RATIO = 200
RATIO_APPLIES_FROM = 1024 * 1024
_EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"#!")
_MARKUP_MARKERS = (b"<!doctype", b"<html", b"<svg", b"<script", b"<?xml", b"<head", b"<body", b"<iframe")
# The parts an OOXML file of each kind must hold.
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba"}


def refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def head_of(upload, size: int = 4096) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(size)
    upload.seek(position)
    return head


def refuse_programs_and_markup(name: str, head: bytes) -> None:
    """Programs and web pages are refused by what they are, before their extension is even looked at."""
    if head.startswith(_EXECUTABLE_SIGNATURES):
        refuse(_("文件“%(name)s”是可执行程序或脚本，出于安全原因不能上传。") % {"name": name}, "executable")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()[:512]
    if start.startswith(b"<") and any(marker in start for marker in _MARKUP_MARKERS):
        refuse(
            _("文件“%(name)s”是网页、SVG 或 XML 文件，其中可能含有脚本，不能上传。请另存为 PDF 或图片后上传。")
            % {"name": name},
            "markup",
        )


def _encrypted(name: str):
    refuse(
        _("文件“%(name)s”设置了打开密码（已加密），无法检查其内容。请取消密码后再上传。") % {"name": name},
        "encrypted",
    )


def _macros(name: str):
    refuse(
        _("文件“%(name)s”含有宏（VBA 代码），出于安全原因不能上传。请另存为不含宏的 .docx 或 .xlsx 后再上传。")
        % {"name": name},
        "macros",
    )


def is_zip_bomb(members, limit: int) -> bool:
    """Whether a zip's directory declares more than ``limit`` bytes in all, or a member compressed beyond any
    honest document (nothing is inflated to find out)."""
    total = sum(member.file_size for member in members)
    return total > limit or any(
        member.file_size > RATIO_APPLIES_FROM
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    )


def has_macros(archive: zipfile.ZipFile) -> bool:
    """A VBA project anywhere in an OOXML zip, or a macro-enabled main content type ([Content_Types].xml is read
    only when small)."""
    names = archive.namelist()
    if any(member.rsplit("/", 1)[-1].lower() == "vbaproject.bin" for member in names):
        return True
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return False
    return info.file_size <= RATIO_APPLIES_FROM and b"macroenabled" in archive.read(info).lower()


def check_zip_directory(archive: zipfile.ZipFile, name: str, *, max_uncompressed: int | None = None) -> None:
    """Zip-bomb limits from the central directory alone: the declared total and each member's ratio. Python's
    zipfile (and calamine, and openpyxl through it) stop at the declared size, so a lying directory cannot expand
    further than what is checked here."""
    limit = max_uncompressed or settings.MAX_UNCOMPRESSED_SIZE
    members = archive.infolist()
    if any(member.flag_bits & 0x1 for member in members):
        _encrypted(name)
    if is_zip_bomb(members, limit):
        total = sum(member.file_size for member in members)
        refuse(
            _("文件“%(name)s”解压后过大（%(size)s，上限 %(limit)s），不像正常的文档或工作簿，已拒绝读取。")
            % {"name": name, "size": filesizeformat(total), "limit": filesizeformat(limit)},
            "zip_bomb",
        )


def open_zip(upload, name: str) -> zipfile.ZipFile:
    upload.seek(0)
    try:
        data = upload.read()
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        refuse(_("文件“%(name)s”已损坏，无法打开。请重新保存后再上传。") % {"name": name}, "corrupt")
    finally:
        upload.seek(0)


def check_ooxml(upload, name: str, extension: str, *, max_uncompressed: int | None = None) -> zipfile.ZipFile:
    """A real, macro-free, reasonably sized .docx or .xlsx; returns the open zip."""
    archive = open_zip(upload, name)
    check_zip_directory(archive, name, max_uncompressed=max_uncompressed)
    names = set(archive.namelist())
    if has_macros(archive):
        _macros(name)
    if "[Content_Types].xml" not in names or OOXML_MAIN_PART[extension] not in names:
        refuse(
            _("文件“%(name)s”的内容与其扩展名不符（不是真正的 %(ext)s 文件）。")
            % {"name": name, "ext": extension.upper()},
            "content",
        )
    return archive


def check_ole2(upload, name: str) -> None:
    """A legacy Office or WPS file (OLE2) without VBA and without encryption."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        ole = olefile.OleFileIO(data)
    except Exception:  # olefile raises OSError, ValueError and others for a damaged compound file
        refuse(_("文件“%(name)s”已损坏，无法打开。请重新保存后再上传。") % {"name": name}, "corrupt")
    try:
        entries = ole.listdir(streams=True, storages=True)
    finally:
        ole.close()
    for path in entries:
        lowered = [part.lower() for part in path]
        if any(part in _MACRO_STORAGES for part in lowered):
            _macros(name)
        if lowered and lowered[-1] in ("encryptedpackage", "encryptioninfo"):
            _encrypted(name)
