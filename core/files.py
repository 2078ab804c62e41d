"""Serving private uploads through views that have already checked permission.

Every download view calls ``private_file_response`` after ``core.permissions.require``; how the bytes travel is
decided here, once, by the deployment:

- object storage that signs URLs (``PRIVATE_STORAGE=s3``): a redirect to a URL that expires in
  ``PRIVATE_URL_EXPIRE_SECONDS``, so the file comes from the bucket and a web machine never streams it;
- local disk behind nginx (``PRIVATE_MEDIA_ACCEL_PREFIX``): an empty response whose X-Accel-Redirect header names
  an ``internal`` nginx location, and nginx sends the file;
- otherwise (``make run``, tests): Django streams the file.
"""

import inspect
import mimetypes
from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect


def _signs_urls(storage) -> bool:
    """Whether ``storage.url`` can make an expiring URL (django-storages' S3, Azure and similar take ``expire``).

    Having a ``url`` method is not enough: FileSystemStorage without a base_url falls back to MEDIA_URL, which
    would hand out a public address that serves nothing (or, worse, the public media tree).
    """
    try:
        return "expire" in inspect.signature(storage.url).parameters
    except (TypeError, ValueError):
        return False


def _signed_url_response(field_file, *, content_type: str, disposition: str) -> HttpResponseRedirect:
    storage = field_file.storage
    kwargs = {"expire": settings.PRIVATE_URL_EXPIRE_SECONDS}
    if "parameters" in inspect.signature(storage.url).parameters:
        # S3 sets these response headers on the signed download, so the browser sees the real name and type.
        kwargs["parameters"] = {"ResponseContentDisposition": disposition, "ResponseContentType": content_type}
    return HttpResponseRedirect(storage.url(field_file.name, **kwargs))


def _accel_redirect_response(field_file, *, content_type: str, disposition: str) -> HttpResponse:
    response = HttpResponse(content_type=content_type)
    prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX.rstrip("/")
    response["X-Accel-Redirect"] = f"{prefix}/{quote(field_file.name)}"
    response["Content-Disposition"] = disposition
    return response


def private_file_response(field_file, *, download_name: str | None = None) -> HttpResponse:
    """Answer with a private file. Call only after ``core.permissions.require`` has passed."""
    if not field_file:
        raise Http404("no file")
    name = download_name or PurePath(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    disposition = f"inline; filename*=UTF-8''{quote(name)}"
    if _signs_urls(field_file.storage):
        response = _signed_url_response(field_file, content_type=content_type, disposition=disposition)
    elif settings.PRIVATE_MEDIA_ACCEL_PREFIX:
        response = _accel_redirect_response(field_file, content_type=content_type, disposition=disposition)
    else:
        response = FileResponse(field_file.open("rb"), content_type=content_type)
        response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    # Neither the file nor the signed URL may be kept by a shared cache or reused after logout.
    response["Cache-Control"] = "private, no-store"
    return response
