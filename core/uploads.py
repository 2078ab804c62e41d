"""Every upload of the platform is checked here, by its content, not its name (OWASP ASVS 5.2–5.4).

- ``validate_document(upload, allowed=...)``: size, a sanitised file name, then what the bytes are (``core.filetypes``):
  programs and web pages refused first, macro-enabled extensions refused by name, then the content must be what the
  extension claims (PDF and image signatures; .docx/.xlsx opened as zips with macro and zip-bomb checks; .doc, .xls,
  .wps, .et opened as OLE2 with a VBA check).
- ``validate_submission(files)``: the number of files and their total size in one submission.
- ``validate_workbook(upload)``: an .xlsx about to be read by a parser (openpyxl, calamine): the zip checks run on the
  directory before any parser sees the file.
- ``safe_filename(name)``: no path parts, no control or format characters, no NUL; Chinese kept.
- ``UploadField`` / ``MultipleUploadField``: form fields that call the above, used by every upload form.

The sets of accepted types: ``IMAGES_AND_PDF`` (certificates, contracts, consent forms: things that are signed and
stamped, so scanned) and ``OFFICE_DOCUMENTS`` (evidence and attachments, often written in Word, WPS or Excel).
"""

import re
import unicodedata

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .filetypes import check_ole2, check_ooxml, head_of, refuse, refuse_programs_and_markup

IMAGES_AND_PDF = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
# WPS Office writes .docx/.xlsx by default; .wps (文字) and .et (表格) are its own OLE2 formats, like .doc and .xls.
OFFICE_DOCUMENTS = {
    **IMAGES_AND_PDF,
    "docx": "ooxml",
    "xlsx": "ooxml",
    "doc": "ole2",
    "xls": "ole2",
    "wps": "ole2",
    "et": "ole2",
}
SPREADSHEET = {"xlsx": "ooxml"}
DOCUMENT_TYPES = IMAGES_AND_PDF  # the historical name, kept for callers
MACRO_EXTENSIONS = {"docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam", "ppsm", "sldm"}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_FILENAME_LENGTH = 100


def safe_filename(name: str) -> str:
    """The last path part only, without control characters, NUL, or invisible format characters (a right-to-left
    override can make ``exe.pdf`` look like ``fdp.exe``), without leading dots; at most 100 characters with the
    extension kept. Chinese and other letters stay."""
    name = re.split(r"[\\/]", str(name or ""))[-1]
    name = re.sub(r"[\t\r\n\v\f]", " ", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    name = _CONTROL.sub("", name)
    name = " ".join(name.split()).strip(" .")
    if len(name) > MAX_FILENAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: MAX_FILENAME_LENGTH - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_FILENAME_LENGTH]
    return name or "file"


def _types_list(allowed) -> str:
    return "、".join(sorted({extension.upper() for extension in allowed}))


def validate_document(
    upload,
    *,
    allowed: dict[str, str] = IMAGES_AND_PDF,
    max_size: int | None = None,
    max_uncompressed: int | None = None,
) -> None:
    """Refuse a file that is too big, is a program or a web page, has macros, has an extension we do not take, or
    whose bytes are not what its name claims. Renames ``upload`` to its sanitised name."""
    max_size = max_size or settings.MAX_UPLOAD_SIZE
    name = safe_filename(getattr(upload, "name", "") or "")
    if hasattr(upload, "name"):
        upload.name = name
    if upload.size > max_size:
        refuse(
            _("文件“%(name)s”大小为 %(size)s，超过上限 %(limit)s。")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_size)},
            "too_big",
        )
    if not upload.size:
        refuse(_("文件“%(name)s”是空文件。") % {"name": name}, "empty")
    head = head_of(upload)
    refuse_programs_and_markup(name, head)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in MACRO_EXTENSIONS:
        refuse(
            _("文件“%(name)s”是启用宏的文档，出于安全原因不能上传。请另存为不含宏的 .docx 或 .xlsx 后再上传。")
            % {"name": name},
            "macros",
        )
    if extension not in allowed:
        refuse(
            _("文件“%(name)s”的类型不受支持，只接受 %(types)s。") % {"name": name, "types": _types_list(allowed)},
            "extension",
        )
    expected = allowed[extension]
    mismatch = _("文件“%(name)s”的内容与其扩展名不符（不是真正的 %(ext)s 文件）。") % {
        "name": name,
        "ext": extension.upper(),
    }
    if expected == "ooxml":
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            # What Office writes for a password-protected .docx/.xlsx (or an old .doc renamed): look inside.
            check_ole2(upload, name)
            refuse(mismatch, "content")
        if not head.startswith(b"PK\x03\x04"):
            refuse(mismatch, "content")
        check_ooxml(upload, name, extension, max_uncompressed=max_uncompressed)
    elif expected == "ole2":
        if not head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            refuse(mismatch, "content")
        check_ole2(upload, name)
    elif expected == "application/pdf":
        if not head.startswith(b"%PDF-"):
            refuse(mismatch, "content")
    else:
        kind = filetype.guess(head)
        if kind is None or kind.mime != expected:
            refuse(mismatch, "content")


def validate_workbook(upload, *, max_size: int | None = None, max_uncompressed: int | None = None) -> None:
    """An .xlsx about to be opened by a parser: checked by its bytes and its zip directory (macros, encryption,
    declared uncompressed size and compression ratio) before openpyxl or calamine reads a byte of it."""
    validate_document(upload, allowed=SPREADSHEET, max_size=max_size, max_uncompressed=max_uncompressed)


def validate_submission(files, *, max_files: int | None = None, max_total: int | None = None) -> None:
    """Refuse a submission of too many files or too many bytes in total (each file is checked on its own by
    ``validate_document``): one report of six 9.5 MB files filled the disk as fast as six reports."""
    files = [upload for upload in files or [] if upload]
    max_files = max_files or settings.MAX_FILES_PER_SUBMISSION
    max_total = max_total or settings.MAX_SUBMISSION_SIZE
    errors = []
    if len(files) > max_files:
        errors.append(
            ValidationError(
                _("一次最多上传 %(limit)s 个文件，您选择了 %(count)s 个。") % {"limit": max_files, "count": len(files)},
                code="too_many_files",
            )
        )
    total = sum(upload.size for upload in files)
    if total > max_total:
        errors.append(
            ValidationError(
                _("本次上传的文件合计 %(size)s，超过每次提交的上限 %(limit)s。")
                % {"size": filesizeformat(total), "limit": filesizeformat(max_total)},
                code="submission_too_big",
            )
        )
    if errors:
        raise ValidationError(errors)


class UploadField(forms.FileField):
    """A file checked by ``validate_document`` against ``allowed`` (its label should name the accepted types)."""

    def __init__(self, *args, allowed: dict[str, str] = IMAGES_AND_PDF, **kwargs):
        self.allowed = allowed
        kwargs.setdefault("help_text", gettext_lazy("按文件内容检查类型；不接受含宏的文档和可执行文件。"))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(f".{extension}" for extension in allowed))

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "size"):
            validate_document(upload, allowed=self.allowed)
        return upload


def admin_file_overrides(allowed: dict[str, str] = IMAGES_AND_PDF) -> dict:
    """``ModelAdmin.formfield_overrides`` for a model with file fields: the admin's uploads are checked too."""
    from django.db import models

    return {models.FileField: {"form_class": UploadField, "allowed": allowed}}


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(UploadField):
    """Several files in one submission: each checked like ``UploadField``, and together by ``validate_submission``."""

    widget = _MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        validate_submission(files)
        return [super(MultipleUploadField, self).clean(upload, initial) for upload in files]
