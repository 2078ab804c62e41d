"""The probes a load balancer and the deploy scripts use: /healthz (alive) and /readyz (can serve)."""

import socket

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import connections

from core import health


class BrokenCache(BaseCache):
    """A cache whose server is gone: every call raises, as Django's Redis backend does when Redis is down."""

    def __init__(self, location, params):
        super().__init__(params)

    def set(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    def get(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    def delete(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: pytest-django makes any database query fail, so this proves /healthz needs none.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_200_when_database_cache_and_broker_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}


@pytest.mark.django_db
def test_readyz_names_the_broker_when_it_is_down(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"]
    assert body["checks"]["database"] == "ok" and body["checks"]["cache"] == "ok"


@pytest.mark.django_db
def test_readyz_names_the_cache_when_it_raises(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.core.test_health.BrokenCache"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]
    # The probe is public: it names the part and the kind of error, never a host name or message.
    assert "unreachable" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_names_the_database_when_it_cannot_be_opened(client, monkeypatch):
    # A connection opened by the check's own thread reads these settings: point it at a database that is not there.
    monkeypatch.setitem(connections.settings["default"], "NAME", "/nonexistent/guanai-readyz/db")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]


def test_a_check_that_hangs_fails_at_the_deadline():
    import threading

    release = threading.Event()
    results = health._run_with_deadline({"database": lambda: release.wait(5), "cache": lambda: None}, timeout=0.2)
    release.set()
    assert results == {"database": "error: timeout", "cache": "ok"}


def test_readyz_refuses_post(client):
    assert client.post("/readyz").status_code == 405
