"""The permission matrix of the organizations app: every action against every kind of user."""

import pytest
from django.contrib.auth.models import AnonymousUser

from core.permissions import check

ACTIONS = [
    "organizations.view",
    "organizations.view_documents",
    "organizations.edit_profile",
    "organizations.edit_legal_facts",
    "organizations.manage_members",
    "organizations.edit_roster",
    "organizations.submit_annual_status",
    "organizations.verify",
    "organizations.confirm_annual_status",
    "organizations.incubate",
]

# allow / denied (403 with a reason) / hidden (404)
EXPECTED = {
    "admin": ["allow", "allow", "allow", "allow", "allow", "allow", "allow", "denied", "denied", "denied"],
    "staff": ["allow", "allow", "denied", "denied", "denied", "allow", "denied", "denied", "denied", "denied"],
    "other_member": ["hidden"] * 10,
    "wuhan": ["allow", "allow", "denied", "denied", "denied", "denied", "denied", "allow", "allow", "allow"],
    "province": ["allow", "allow", "denied", "denied", "denied", "denied", "denied", "allow", "allow", "allow"],
    "enshi": ["hidden"] * 10,
    # a covering officer who also acts for the organization may not decide on it (conflict of interest)
    "officer_member": ["allow", "allow", "allow", "allow", "allow", "allow", "allow", "denied", "denied", "denied"],
    # left the organization within CONFLICT_OF_INTEREST_DAYS: still may not decide on it (issue 9, item 2)
    "former_member_officer": [
        "allow",
        "allow",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
        "denied",
    ],
    "anonymous": ["denied"] * 10,
}


@pytest.fixture
def province(db):
    from tests.factories import OfficerFactory

    return OfficerFactory(username="province_officer", region_code="420000")


@pytest.fixture
def officer_member(jiangan_org):
    from tests.factories import MembershipFactory, OfficerFactory

    officer = OfficerFactory(username="wuhan_officer_member", region_code="420100")
    MembershipFactory(organization=jiangan_org, user=officer, role="admin")
    return officer


@pytest.fixture
def former_member_officer(jiangan_org):
    import datetime

    from django.utils import timezone

    from organizations.models import FormerMembership
    from tests.factories import OfficerFactory

    officer = OfficerFactory(username="wuhan_officer_former_member", region_code="420100")
    now = timezone.now()
    FormerMembership.objects.create(
        user=officer,
        organization=jiangan_org,
        role="admin",
        joined_at=now - datetime.timedelta(days=400),
        left_at=now - datetime.timedelta(days=30),
    )
    return officer


@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize("index", range(len(ACTIONS)))
def test_permission_matrix(request, jiangan_org, admin, staff, who, index):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    decision = check(user, ACTIONS[index], jiangan_org)
    outcome = "allow" if decision.allowed else ("hidden" if decision.hidden else "denied")
    assert outcome == EXPECTED[who][index], f"{who} {ACTIONS[index]}"
    if outcome == "denied":
        assert decision.reason  # a reason the user can read


def test_officer_queue_is_for_officers_only(jiangan_org, admin, wuhan):
    assert check(wuhan, "organizations.officer_queue").allowed
    assert not check(admin, "organizations.officer_queue").allowed


def test_members_pages_as_seen_by_each_user(client, request, jiangan_org, admin, staff, other_member, wuhan, enshi):
    """What the matrix means in the browser for the organization's pages."""
    expected = {"admin": 200, "staff": 200, "wuhan": 200, "other_member": 404, "enshi": 404}
    for who, status in expected.items():
        client.force_login(request.getfixturevalue(who))
        for page in ("", "members/", "staff/"):
            assert client.get(f"/organizations/{jiangan_org.pk}/{page}").status_code == status, (who, page)
    client.logout()
    assert client.get(f"/organizations/{jiangan_org.pk}/").status_code == 302


def test_an_officer_who_is_a_member_cannot_verify_the_organization_in_the_browser(client, jiangan_org, officer_member):
    jiangan_org.verification_status = "pending"
    jiangan_org.save()
    client.force_login(officer_member)
    response = client.post(f"/organizations/{jiangan_org.pk}/verify/", {"note": ""})
    assert response.status_code == 403
    assert "不能审核或确认自己所属组织" in response.content.decode()
    jiangan_org.refresh_from_db()
    assert jiangan_org.verification_status == "pending"
