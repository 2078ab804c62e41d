"""Sessions: an officer's ends with the working day and the browser; a user sees and ends their other sessions;
sensitive admin pages ask for the password again."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _login(client, user, ip="198.51.100.1", agent="Mozilla/5.0 (Windows NT 10.0) Firefox/128.0"):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent
    )
    assert response.status_code == 302


def test_an_officers_session_ends_with_the_browser_and_after_a_working_day(client, province_officer, monkeypatch):
    _login(client, province_officer)
    assert client.session.get_expire_at_browser_close()
    assert client.get("/portal/").status_code == 200

    import core.signin.middleware as middleware

    later = middleware.time.time() + 9 * 60 * 60 + 1
    monkeypatch.setattr(middleware.time, "time", lambda: later)
    response = client.get("/portal/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_an_organization_members_session_keeps_the_usual_lifetime(client, org_admin, monkeypatch):
    _login(client, org_admin)
    assert not client.session.get_expire_at_browser_close()
    import core.signin.middleware as middleware

    later = middleware.time.time() + 9 * 60 * 60 + 1
    monkeypatch.setattr(middleware.time, "time", lambda: later)
    assert client.get("/portal/").status_code == 200


def test_a_user_sees_their_other_sessions_and_ends_one(client, org_admin):
    phone = client.__class__()
    _login(phone, org_admin, ip="203.0.113.77", agent="Mozilla/5.0 (iPhone) MicroMessenger/8.0")
    _login(client, org_admin)
    other = UserFactory(username="other")
    other_client = client.__class__()
    _login(other_client, other, ip="203.0.113.99")

    html = client.get(reverse("account_security")).content.decode()
    assert "203.0.113.77" in html and "MicroMessenger" in html and "当前会话" in html
    assert "203.0.113.99" not in html  # someone else's session
    assert phone.session.session_key not in html  # keys are bearer secrets: never on a page

    row = org_admin.signin_sessions.get(ip_address="203.0.113.77")
    response = client.post(reverse("session_end"), {"session": row.pk})
    assert response.status_code == 302
    assert phone.get("/portal/")["Location"].startswith(reverse("login"))
    assert client.get("/portal/").status_code == 200
    assert AuditEvent.objects.filter(action="core.session_end", target_id=str(org_admin.pk)).count() == 1

    # another user's session cannot be ended from here
    foreign = other.signin_sessions.get()
    client.post(reverse("session_end"), {"session": foreign.pk})
    assert other_client.get("/portal/").status_code == 200


def test_end_all_other_sessions(client, org_admin):
    phones = [client.__class__() for _ in range(2)]
    for n, phone in enumerate(phones):
        _login(phone, org_admin, ip=f"203.0.113.{n + 1}")
    _login(client, org_admin)
    client.post(reverse("sessions_end_others"))
    assert all(phone.get("/portal/").status_code == 302 for phone in phones)
    assert client.get("/portal/").status_code == 200
    assert list(org_admin.signin_sessions.values_list("session_key", flat=True)) == [client.session.session_key]


def test_logging_out_removes_the_session_from_the_list(client, org_admin):
    _login(client, org_admin)
    assert org_admin.signin_sessions.count() == 1
    client.post(reverse("logout"))
    assert org_admin.signin_sessions.count() == 0


def test_changing_a_user_in_the_admin_needs_a_fresh_password(client, province_officer):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    _login(client, root)
    url = reverse("admin:core_user_change", args=[province_officer.pk])
    assert client.get(url).status_code == 200  # just signed in: recent enough

    session = client.session
    session["reauth_at"] = 0
    session.save()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("reauth_confirm"))
    confirm = response["Location"]
    assert client.post(confirm, {"password": "wrong"}).status_code == 400
    response = client.post(confirm, {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).status_code == 200
