"""Failed logins slow an attacker without locking the owner out, and every protection reads the same, correct client
address behind a reverse proxy."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from core.clientip import client_ip
from core.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
OFFICE = "10.20.30.40"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _login(client, username, password, ip, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def test_failing_on_your_own_username_at_the_office_does_not_lock_out_a_colleague(client, axes_on):
    UserFactory(username="wang")
    UserFactory(username="li")
    for _ in range(10):
        _login(client, "wang", "wrong-password", OFFICE)
    assert _login(client, "wang", PASSWORD, OFFICE).status_code == 429  # wang is locked at this address, briefly
    assert _login(client, "li", PASSWORD, OFFICE).status_code == 302  # li, behind the same address, is not


def test_an_attack_on_one_account_from_many_addresses_is_slowed_but_the_owner_gets_in(client, axes_on, monkeypatch):
    UserFactory(username="victim")
    for n in range(12):
        assert _login(client, "victim", "guess", f"203.0.113.{n}").status_code in (400, 429)
    response = _login(client, "victim", PASSWORD, "198.51.100.1")
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 0 < wait <= 60
    assert f"请 {wait} 秒后再试" in response.content.decode()

    import core.signin.throttle as throttle

    later = throttle.time.time() + wait + 1
    monkeypatch.setattr(throttle.time, "time", lambda: later)
    assert _login(client, "victim", PASSWORD, "198.51.100.1").status_code == 302  # no hard lock on the account


def test_the_delay_grows_with_each_failure_and_a_success_clears_it(client, monkeypatch):
    import core.signin.throttle as throttle

    UserFactory(username="zhao")
    now = [1_000_000.0]
    monkeypatch.setattr(throttle.time, "time", lambda: now[0])
    waits = []
    for n in range(8):
        response = _login(client, "zhao", "guess", f"203.0.113.{n}")
        if response.status_code == 429:
            waits.append(int(response["Retry-After"]))
            now[0] += waits[-1]
            _login(client, "zhao", "guess", f"203.0.113.{n}")
    assert waits == [2, 4, 8]
    now[0] += 60
    assert _login(client, "zhao", PASSWORD, "198.51.100.1").status_code == 302
    client.logout()
    assert _login(client, "zhao", "guess", "198.51.100.1").status_code == 400  # counting starts again


def test_spoofed_forwarded_for_from_an_untrusted_address_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "198.51.100.7"
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "10.0.0.5"


def test_forwarded_for_from_a_trusted_proxy_is_used_and_what_the_client_added_is_not(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "203.0.113.9"
    # the client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the address it really saw
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_the_lockout_and_the_audit_log_see_the_address_behind_the_proxy(client, axes_on, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    user = UserFactory(username="qian")
    _login(client, "qian", "wrong-password", "10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    _login(client, "qian", "wrong-password", "198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9", "198.51.100.7"}

    other = client.__class__()
    _login(other, "qian", PASSWORD, "10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.20")
    _login(client, "qian", PASSWORD, "10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    session = user.signin_sessions.get(ip_address="203.0.113.20")
    client.post(
        reverse("session_end"), {"session": session.pk}, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert AuditEvent.objects.get(action="core.session_end").ip_address == "203.0.113.9"
