"""Serving private uploads through views that have already checked permission."""

import mimetypes
from pathlib import PurePath
from urllib.parse import quote

from django.http import FileResponse, Http404


def private_file_response(field_file, *, download_name: str | None = None) -> FileResponse:
    """Stream a file from private storage. Call only after ``core.permissions.require`` has passed."""
    if not field_file:
        raise Http404("no file")
    name = download_name or PurePath(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
