import datetime
import hashlib
import re

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEvent, User
from organizations.models import Invitation, Membership
from organizations.selectors import active_membership, current_organization
from organizations.services import invitation_create, membership_change_role, membership_remove
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.factories.organizations import StaffMemberFactory, make_invitation


def _invite(client, organization, email="colleague@example.com", role="staff"):
    return client.post(f"/organizations/{organization.pk}/members/invite/", {"email": email, "role": role})


def test_admin_invites_by_email_with_single_use_link_and_only_a_hash_is_stored(
    client, jiangan_org, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, jiangan_org)
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["colleague@example.com"]
    assert jiangan_org.name in message.subject
    token = re.search(r"/organizations/invitations/([\w-]+)/", message.body).group(1)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(Invitation.objects.values()))
    assert token not in str(list(AuditEvent.objects.values()))
    assert invitation.expires_at - timezone.now() > datetime.timedelta(days=6)
    assert "colleague@example.com" in client.get(f"/organizations/{jiangan_org.pk}/members/").content.decode()


def test_logged_in_invitee_accepts_and_the_link_then_is_used(client, jiangan_org, admin):
    _, token = make_invitation(organization=jiangan_org, invited_by=admin)
    colleague = UserFactory(username="colleague")
    client.force_login(colleague)
    page = client.get(f"/organizations/invitations/{token}/")
    assert page.status_code == 200 and jiangan_org.name in page.content.decode()
    assert not Membership.objects.filter(user=colleague).exists()  # GET changes nothing
    response = client.post(f"/organizations/invitations/{token}/")
    assert response.status_code == 302
    assert Membership.objects.get(user=colleague, organization=jiangan_org).role == "staff"
    again = client.get(f"/organizations/invitations/{token}/")
    assert again.status_code == 410
    assert "已被使用" in again.content.decode()
    assert client.post(f"/organizations/invitations/{token}/").status_code == 410


def test_anonymous_invitee_registers_on_the_accept_page(client, jiangan_org, admin):
    _, token = make_invitation(organization=jiangan_org, invited_by=admin, role="admin")
    response = client.post(
        f"/organizations/invitations/{token}/",
        {
            "account-username": "newbie",
            "account-name": "王新",
            "account-email": "colleague@example.com",
            "account-phone": "13912345678",
            "account-password1": "Bright-Future-2026",
            "account-password2": "Bright-Future-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert Membership.objects.get(user=user).role == "admin"
    assert (user.name, user.email, user.phone) == ("王新", "colleague@example.com", "13912345678")  # nothing typed lost
    assert client.get("/organizations/mine/").url == f"/organizations/{jiangan_org.pk}/"  # logged in


def test_anonymous_invitee_with_bad_account_data_keeps_the_invitation(client, jiangan_org, admin):
    invitation, token = make_invitation(organization=jiangan_org, invited_by=admin)
    response = client.post(
        f"/organizations/invitations/{token}/",
        {
            "account-username": "newbie",
            "account-name": "王新",
            "account-email": "x@example.com",
            "account-password1": "short",
            "account-password2": "short",
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="newbie").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"expires_at": timezone.now() - datetime.timedelta(minutes=1)}, "过期"),
        ({"revoked_at": timezone.now()}, "撤销"),
    ],
)
def test_stale_invitations_are_refused(client, jiangan_org, admin, state, message):
    _, token = make_invitation(organization=jiangan_org, invited_by=admin, **state)
    client.force_login(UserFactory())
    response = client.post(f"/organizations/invitations/{token}/")
    assert response.status_code == 410
    assert message in response.content.decode()
    assert Membership.objects.filter(organization=jiangan_org).count() == 1


def test_unknown_token_is_404(client, db):
    response = client.get("/organizations/invitations/not-a-real-token/")
    assert response.status_code == 404
    assert "邀请链接无效" in response.content.decode()


def test_a_new_invitation_replaces_the_open_one(jiangan_org, admin):
    first, _ = invitation_create(organization=jiangan_org, email="a@example.com", role="staff", actor=admin)
    invitation_create(organization=jiangan_org, email="A@example.com", role="admin", actor=admin)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert Invitation.objects.open().count() == 1


def test_inviting_an_existing_member_is_refused(client, jiangan_org, admin, staff):
    client.force_login(admin)
    response = _invite(client, jiangan_org, email=staff.email)
    assert response.status_code == 400
    assert "已是本组织成员" in response.content.decode()


def test_staff_cannot_invite(client, jiangan_org, staff):
    client.force_login(staff)
    response = _invite(client, jiangan_org)
    assert response.status_code == 403
    assert "只有本组织的管理员" in response.content.decode()
    assert not Invitation.objects.exists()


def test_removing_or_demoting_the_last_admin_is_refused(client, jiangan_org, admin, staff):
    membership = Membership.objects.get(user=admin)
    client.force_login(admin)
    response = client.post(f"/organizations/{jiangan_org.pk}/members/{membership.pk}/remove/")
    assert response.status_code == 400
    assert "至少保留一名管理员" in response.content.decode()
    response = client.post(f"/organizations/{jiangan_org.pk}/members/{membership.pk}/role/", {"role": "staff"})
    assert response.status_code == 400
    membership.refresh_from_db()
    assert membership.role == "admin"
    with pytest.raises(ValidationError):
        membership_remove(membership=membership, actor=admin)


def test_admin_promotes_a_colleague_then_may_step_down(client, jiangan_org, admin, staff):
    client.force_login(admin)
    staff_membership = Membership.objects.get(user=staff)
    response = client.post(f"/organizations/{jiangan_org.pk}/members/{staff_membership.pk}/role/", {"role": "admin"})
    assert response.status_code == 302
    own = Membership.objects.get(user=admin)
    membership_change_role(membership=own, role="staff", actor=admin)
    assert list(Membership.objects.filter(role="admin").values_list("user__username", flat=True)) == ["jiangan_staff"]
    assert AuditEvent.objects.filter(action="organizations.member_role").count() == 2


def test_admin_removes_a_member(client, jiangan_org, admin, staff):
    client.force_login(admin)
    membership = Membership.objects.get(user=staff)
    assert client.post(f"/organizations/{jiangan_org.pk}/members/{membership.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(user=staff).exists()
    assert AuditEvent.objects.filter(action="organizations.member_remove").exists()


def test_member_of_two_organizations_switches_the_active_one(client, jiangan_org, admin):
    second = OrganizationFactory(region_code="422800")
    MembershipFactory(organization=second, user=admin, role="staff")
    client.force_login(admin)
    assert client.get("/organizations/mine/").url == f"/organizations/{jiangan_org.pk}/"
    response = client.post("/organizations/switch/", {"organization": second.pk})
    assert response.status_code == 302
    assert client.get("/organizations/mine/").url == f"/organizations/{second.pk}/"
    assert current_organization(admin, client.session) == second
    assert active_membership(admin, client.session).role == "staff"
    # an organization the user does not belong to cannot be chosen
    stranger = OrganizationFactory()
    assert client.post("/organizations/switch/", {"organization": stranger.pk}).status_code == 404
    assert client.post("/organizations/switch/", {"organization": "x"}).status_code == 404


def test_active_membership_is_none_for_non_members(db):
    assert active_membership(UserFactory(), {}) is None


def test_existing_member_accepting_is_told_and_the_invitation_stays_open(client, jiangan_org, admin, staff):
    invitation, token = make_invitation(organization=jiangan_org, invited_by=admin, email=staff.email)
    client.force_login(staff)
    response = client.post(f"/organizations/invitations/{token}/")
    assert response.status_code == 400
    assert "您已是" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_anonymous_visitors_are_sent_to_login_for_member_actions(client, jiangan_org, admin):
    membership = Membership.objects.get(user=admin)
    for url in (
        f"/organizations/{jiangan_org.pk}/members/invite/",
        f"/organizations/{jiangan_org.pk}/members/{membership.pk}/remove/",
        "/organizations/switch/",
    ):
        response = client.post(url, {"email": "x@example.com", "role": "staff"})
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_removing_deleting_and_revoking_ask_first_and_controls_fit_a_phone(client, jiangan_org, admin, staff):
    make_invitation(organization=jiangan_org, invited_by=admin, email="later@example.com")
    StaffMemberFactory(organization=jiangan_org, name="王社工")
    client.force_login(admin)
    members = client.get(f"/organizations/{jiangan_org.pk}/members/").content.decode()
    assert "organizations/confirm.js" in members
    assert f"确定将 {staff.display_name} 移出本组织吗？" in members
    assert "确定撤销发给 later@example.com 的邀请吗？" in members
    assert "<table" not in members.split("<main", 1)[1]  # cards, not a table that hides its buttons off-screen
    roster = client.get(f"/organizations/{jiangan_org.pk}/staff/").content.decode()
    assert "organizations/confirm.js" in roster and "确定从社工队伍中删除 王社工 吗？" in roster
    assert "<table" not in roster.split("<main", 1)[1]
    assert "data-confirm" in open(finders.find("organizations/confirm.js"), encoding="utf-8").read()
