"""Private downloads: streamed by Django, redirected to a short-lived signed URL on object storage, or handed to
nginx with X-Accel-Redirect; the permission check always comes first."""

from urllib.parse import parse_qs, urlsplit

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from storages.backends.s3 import S3Storage

from core.files import _signs_urls, private_file_response


class SigningStorage(InMemoryStorage):
    """Object storage as the view sees it: files, and ``url`` that signs with an expiry (as django-storages' S3)."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        self.last_parameters = parameters
        return f"https://bucket.example/{name}?X-Amz-Expires={expire}&X-Amz-Signature=abc"


def _field_file(storage, name="reports/评估报告.pdf"):
    storage.save(name, ContentFile(b"%PDF-1.4 test"))
    return FieldFile(instance=None, field=FileField(storage=storage), name=name)


def test_signing_storage_gets_a_redirect_to_a_url_that_expires(settings):
    settings.PRIVATE_URL_EXPIRE_SECONDS = 60
    storage = SigningStorage()
    response = private_file_response(_field_file(storage), download_name="合同.pdf")
    assert response.status_code == 302
    assert response.url.startswith("https://bucket.example/reports/") and "X-Amz-Expires=60" in response.url
    assert response["Cache-Control"] == "private, no-store"
    # The bucket answers with the name the user uploaded, not the storage key.
    assert storage.last_parameters == {
        "ResponseContentDisposition": "inline; filename*=UTF-8''%E5%90%88%E5%90%8C.pdf",
        "ResponseContentType": "application/pdf",
    }


def test_local_disk_is_streamed_and_never_given_a_media_url(tmp_path):
    # FileSystemStorage.url would fall back to MEDIA_URL: it must not count as a storage that signs URLs.
    storage = FileSystemStorage(location=tmp_path, base_url=None)
    assert not _signs_urls(storage)
    response = private_file_response(_field_file(storage))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_behind_nginx_the_file_is_handed_over_with_x_accel_redirect(tmp_path, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/_private/"
    response = private_file_response(_field_file(FileSystemStorage(location=tmp_path, base_url=None)))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/_private/reports/%E8%AF%84%E4%BC%B0%E6%8A%A5%E5%91%8A.pdf"
    assert response["Content-Type"] == "application/pdf"


def test_django_storages_s3_signs_a_url_that_expires(settings):
    # The real S3 backend signs locally (no network): the URL carries the expiry and the download name.
    settings.PRIVATE_URL_EXPIRE_SECONDS = 45
    storage = S3Storage(
        bucket_name="guanai-private",
        endpoint_url="http://127.0.0.1:9000",
        access_key="key",
        secret_key="secret",
        region_name="us-east-1",
        signature_version="s3v4",
        querystring_auth=True,
    )
    assert _signs_urls(storage)
    response = private_file_response(FieldFile(instance=None, field=FileField(storage=storage), name="a/合同.pdf"))
    query = parse_qs(urlsplit(response.url).query)
    assert response.status_code == 302
    assert query["X-Amz-Expires"] == ["45"] and query["X-Amz-Signature"]
    assert query["response-content-disposition"] == ["inline; filename*=UTF-8''%E5%90%88%E5%90%8C.pdf"]
