"""The OpenAPI description validates, the documentation page runs under the strict CSP from our own static files, the
rate limit answers 429 in Chinese, and the anonymous page cache never serves a page where JSON was asked for."""

import io
import re

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/calls/", "/api/v1/grants/", "/api/v1/organizations/", "/api/v1/stats/", "/api/v1/fields/"]


def test_the_schema_validates_without_a_warning():
    """drf-spectacular's own check (the OpenAPI 3 JSON schema validator), failing on any warning."""
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= set(ENDPOINTS)
    assert all(path.startswith("/api/v1/") for path in schema["paths"])  # not the Wagtail admin's own API
    grant_filters = {parameter["name"] for parameter in schema["paths"]["/api/v1/grants/"]["get"]["parameters"]}
    assert grant_filters >= {"region", "brand", "funding_source", "status", "year", "grade", "cursor", "format"}


def test_the_schema_is_served(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["license"]["name"] == "CC BY 4.0"
    assert client.get("/api/v1/schema/", {"format": "json"}).json()["paths"]


def test_the_docs_page_runs_under_the_strict_csp_from_our_static_files(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<style" not in html  # no inline style: the sheet is ours (api/docs.css)
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag  # no inline script: Swagger UI's start-up script is a file of its own
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http" not in "".join(re.findall(r'src="([^"]+)"', html))  # nothing from a CDN
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


def test_the_footer_links_the_documentation(client):
    html = client.get("/organizations/directory/").content.decode()
    assert 'href="/api/v1/docs/"' in html


def test_beyond_the_rate_an_address_gets_429_in_chinese(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api.anonymous": "3/m"}
    for url in ENDPOINTS[:3]:
        assert client.get(url, REMOTE_ADDR="203.0.113.20").status_code == 200
    response = client.get("/api/v1/stats/", REMOTE_ADDR="203.0.113.20")
    assert response.status_code == 429
    assert "请求过于频繁" in response.json()["detail"] and "秒后再试" in response.json()["detail"]
    assert int(response["Retry-After"]) >= 1
    assert client.get("/api/v1/grants/", {"format": "csv"}, REMOTE_ADDR="203.0.113.20").status_code == 429
    assert client.get("/api/v1/stats/", REMOTE_ADDR="203.0.113.21").status_code == 200  # another address


def test_a_signed_in_user_is_limited_by_address_too(client, settings, plain_user):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api.anonymous": "1/m"}
    client.force_login(plain_user)
    assert client.get("/api/v1/fields/", REMOTE_ADDR="203.0.113.30").status_code == 200
    assert client.get("/api/v1/fields/", REMOTE_ADDR="203.0.113.30").status_code == 429


def test_the_anonymous_page_cache_never_breaks_json(client):
    OrganizationFactory(name="缓存测试组织")
    with override_settings(PAGE_CACHE_SECONDS=60):
        for accept in ("text/html", "application/json", "*/*"):
            response = client.get("/api/v1/organizations/", HTTP_ACCEPT=accept)
            assert response.status_code == 200
            assert response["Content-Type"] == "application/json"
            assert response.json()["results"][0]["name"] == "缓存测试组织"
            assert "X-Page-Cache" not in response
        docs = client.get("/api/v1/docs/")
        assert docs.status_code == 200
    assert settings.RATE_LIMITS["api.anonymous"] == "120/m"
