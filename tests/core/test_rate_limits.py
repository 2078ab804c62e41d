"""Rate limits: a limited request gets 429, a Chinese page and Retry-After; password reset e-mails are capped per
address without telling anyone whether the address has an account."""

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from core.ratelimits import anonymous_api_rate_limit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS}
    return settings.RATE_LIMITS


def _assert_limited(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "请求过于频繁" in html and f"请 {response['Retry-After']} 秒后再试" in html


def test_login_is_limited_per_address(client, limits):
    limits["login.ip"] = "3/10m"
    for n in range(3):
        response = client.post(reverse("login"), {"username": f"u{n}", "password": "x"}, REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 400
    _assert_limited(client.post(reverse("login"), {"username": "u9", "password": "x"}, REMOTE_ADDR="203.0.113.5"))
    # another address is not affected, and reading the login page is never limited
    assert (
        client.post(reverse("login"), {"username": "u", "password": "x"}, REMOTE_ADDR="203.0.113.6").status_code == 400
    )
    assert client.get(reverse("login"), REMOTE_ADDR="203.0.113.5").status_code == 200


def test_ten_reset_requests_for_one_address_send_at_most_three_emails(client):
    UserFactory(username="sun", email="sun@example.com")
    for n in range(10):
        response = client.post(reverse("password_reset"), {"email": "sun@example.com"}, REMOTE_ADDR=f"203.0.113.{n}")
        assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 3


def test_reset_answers_the_same_whether_or_not_the_address_has_an_account(client):
    UserFactory(username="sun", email="sun@example.com")
    answers = set()
    for email in ["sun@example.com", "nobody@example.com"]:
        for n in range(5):
            response = client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=f"198.51.100.{n}")
            answers.add((response.status_code, response["Location"]))
    assert answers == {(302, reverse("password_reset_done"))}


def test_reset_is_limited_per_address_of_the_requester(client, limits):
    limits["password_reset.ip"] = "2/h"
    for n in range(2):
        client.post(reverse("password_reset"), {"email": f"x{n}@example.com"}, REMOTE_ADDR="203.0.113.7")
    _assert_limited(client.post(reverse("password_reset"), {"email": "y@example.com"}, REMOTE_ADDR="203.0.113.7"))


def test_registration_is_limited_per_address(client, limits):
    limits["register.ip"] = "2/h"
    url = reverse("organizations:register")
    for _ in range(2):
        assert client.post(url, {}, REMOTE_ADDR="203.0.113.8").status_code == 400
    _assert_limited(client.post(url, {}, REMOTE_ADDR="203.0.113.8"))
    assert client.get(url, REMOTE_ADDR="203.0.113.8").status_code == 200


def test_the_anonymous_api_decorator_counts_every_method(limits):
    limits["api.anonymous"] = "2/m"

    @anonymous_api_rate_limit()
    def projects(request):
        return HttpResponse("[]", content_type="application/json")

    factory = RequestFactory()
    assert projects(factory.get("/api/projects/", REMOTE_ADDR="203.0.113.9")).status_code == 200
    assert projects(factory.head("/api/projects/", REMOTE_ADDR="203.0.113.9")).status_code == 200
    response = projects(factory.get("/api/projects/", REMOTE_ADDR="203.0.113.9"))
    assert response.status_code == 429 and response["Retry-After"]
    assert projects(factory.get("/api/projects/", REMOTE_ADDR="203.0.113.10")).status_code == 200
