"""Changing a member's role needs a recent password confirmation."""

import pytest

from organizations.models import Membership

pytestmark = pytest.mark.django_db


def test_a_role_change_after_a_stale_confirmation_asks_for_the_password_first(client, jiangan_org, admin, staff):
    client.force_login(admin)
    session = client.session
    session["reauth_at"] = 0
    session.save()
    membership = Membership.objects.get(user=staff)
    url = f"/organizations/{jiangan_org.pk}/members/{membership.pk}/role/"
    response = client.post(url, {"role": "admin"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/confirm/")
    membership.refresh_from_db()
    assert membership.role == "staff"

    client.post(response["Location"], {"password": "correct-horse-battery"})
    assert client.post(url, {"role": "admin"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == "admin"
