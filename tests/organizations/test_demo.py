from core.demo import seed_platform_users
from organizations.demo import seed_organizations
from organizations.models import AnnualStatus, Incubation, Invitation, Membership, Organization, StaffMember


def _counts():
    return tuple(
        model.objects.count() for model in (Organization, Membership, StaffMember, AnnualStatus, Incubation, Invitation)
    )


def test_demo_organizations_cover_every_state_across_prefectures_and_are_idempotent(db):
    seed_platform_users()
    organizations = seed_organizations()
    assert {"wuhan_hope", "enshi_sunshine", "xiangyang_care"} <= set(organizations)
    assert organizations["wuhan_hope"].verification_status == "verified"
    assert organizations["xiangyang_care"].verification_status == "pending"
    statuses = set(Organization.objects.values_list("verification_status", flat=True))
    assert statuses == {"verified", "pending", "returned"}
    prefectures = {
        o.registration_region.prefecture_code for o in Organization.objects.select_related("registration_region")
    }
    assert len(prefectures) >= 5
    assert Organization.objects.with_pending_changes().exists()
    assert Incubation.objects.exists() and Invitation.objects.open().exists()
    assert AnnualStatus.objects.filter(confirmed_at__isnull=False).exists()
    assert AnnualStatus.objects.filter(confirmed_at__isnull=True).exists()
    assert Membership.objects.filter(user__username="org_wuhan_admin", role="admin").exists()
    before = _counts()
    seed_organizations()
    assert _counts() == before


def test_demo_organization_pages_render(client, db):
    seed_platform_users()
    organizations = seed_organizations()
    from core.models import User

    client.force_login(User.objects.get(username="officer_wuhan"))
    queue = client.get("/organizations/officer/").content.decode()
    assert "洪山区童桥" in queue and "恩施" not in queue
    for organization in organizations.values():
        client.force_login(organization.memberships.filter(role="admin").first().user)
        assert client.get(f"/organizations/{organization.pk}/").status_code == 200
        assert client.get(f"/organizations/{organization.pk}/members/").status_code == 200
        assert client.get(f"/organizations/{organization.pk}/staff/").status_code == 200
    assert client.get("/portal/").status_code == 200
