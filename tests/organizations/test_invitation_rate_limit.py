"""Invitations are limited per organization per hour; strangers cannot use up an organization's allowance."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _invite(client, organization, n):
    return client.post(
        f"/organizations/{organization.pk}/members/invite/", {"email": f"c{n}@example.com", "role": "staff"}
    )


def test_invitations_are_limited_per_organization_per_hour(client, settings, jiangan_org, admin):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invite.organization": "3/h"}
    stranger = UserFactory(username="stranger")
    client.force_login(stranger)
    for n in range(5):
        assert _invite(client, jiangan_org, n).status_code in (403, 404)

    client.force_login(admin)
    for n in range(3):
        assert _invite(client, jiangan_org, n).status_code == 302
    response = _invite(client, jiangan_org, 9)
    assert response.status_code == 429 and response["Retry-After"]
    assert "请求过于频繁" in response.content.decode()
    assert jiangan_org.invitations.count() == 3
