"""Checking uploads by their content, not their name."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DOCUMENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


def validate_document(upload, *, allowed: dict[str, str] = DOCUMENT_TYPES, max_size: int | None = None) -> None:
    """Refuse a file that is too big, has an extension we do not take, or whose bytes are not what its name claims."""
    max_size = max_size or settings.MAX_UPLOAD_SIZE
    name = getattr(upload, "name", "") or ""
    if upload.size > max_size:
        raise ValidationError(
            _("文件“%(name)s”大小为 %(size)s，超过上限 %(limit)s。")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_size)},
            code="too_big",
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise ValidationError(
            _("文件“%(name)s”的类型不受支持，只接受 %(types)s。")
            % {"name": name, "types": "、".join(sorted({e.upper() for e in allowed}))},
            code="extension",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.mime != allowed[extension]:
        raise ValidationError(
            _("文件“%(name)s”的内容与其扩展名不符（不是真正的 %(ext)s 文件）。")
            % {"name": name, "ext": extension.upper()},
            code="content",
        )


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
