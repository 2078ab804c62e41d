"""Who may join an organization: an officer only when a platform admin allowed it, an invitation only by the invited
address; a member who leaves stays on record (conflict of interest); an open invitation can be sent again."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core.models import AuditEvent, User
from core.permissions import Denied
from organizations.models import FormerMembership, Invitation, Membership, Organization
from organizations.selectors import conflict_of_interest
from organizations.services import invitation_accept, invitation_resend, membership_remove, organization_register
from tests.factories import OfficerFactory, UserFactory, credit_code, region
from tests.factories.organizations import make_invitation

from .conftest import registration_post

OFFICER_REFUSAL = "项目官员账号不能加入社会组织"


@pytest.fixture
def officer(db):
    return OfficerFactory(username="hankou_officer", email="officer@example.com", region_code="420100")


def _registration_data(serial=901):
    return {
        "name": "新注册的中心",
        "credit_code": credit_code(serial),
        "org_type": "association",
        "registration_region": region("420102"),
        "registered_on": "2020-01-01",
        "legal_representative": "张三",
        "address": "地址",
        "contact_phone": "1",
        "contact_email": "a@example.com",
        "rating": "",
    }


def test_an_officer_cannot_accept_an_invitation(client, jiangan_org, admin, officer):
    invitation, token = make_invitation(organization=jiangan_org, invited_by=admin, email=officer.email)
    client.force_login(officer)
    page = client.get(f"/organizations/invitations/{token}/")
    assert page.status_code == 403
    assert OFFICER_REFUSAL in page.content.decode() and "接受邀请</button>" not in page.content.decode()
    response = client.post(f"/organizations/invitations/{token}/")
    assert response.status_code == 403 and OFFICER_REFUSAL in response.content.decode()
    with pytest.raises(Denied):
        invitation_accept(token=token, actor=officer)
    assert not Membership.objects.filter(user=officer).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_officer_a_platform_admin_allowed_may_accept(client, jiangan_org, admin, officer):
    officer.may_join_organizations = True
    officer.save()
    _, token = make_invitation(organization=jiangan_org, invited_by=admin, email=officer.email)
    client.force_login(officer)
    assert client.post(f"/organizations/invitations/{token}/").status_code == 302
    assert Membership.objects.filter(user=officer, organization=jiangan_org).exists()
    assert conflict_of_interest(officer, jiangan_org)  # and so may decide nothing of it


def test_an_officer_cannot_register_an_organization(client, officer):
    client.force_login(officer)
    page = client.get("/organizations/register/")
    assert page.status_code == 403 and OFFICER_REFUSAL in page.content.decode()
    response = client.post("/organizations/register/", registration_post(registration_region=region("420103").pk))
    assert response.status_code == 403
    with pytest.raises(Denied):
        organization_register(data=_registration_data(), actor=officer)
    assert not Organization.objects.filter(name__in=["新注册的中心", "武汉市江汉区新苗社会工作服务中心"]).exists()
    officer.may_join_organizations = True
    officer.save()
    _user, organization = organization_register(data=_registration_data(), actor=officer)
    assert Membership.objects.get(user=officer, organization=organization).is_admin


def test_the_django_admin_user_page_offers_the_permission_with_its_reason(client, db, officer):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    page = client.get(f"/django-admin/core/user/{officer.pk}/change/").content.decode()
    assert "允许加入社会组织" in page and "利益冲突" in page
    assert User._meta.get_field("may_join_organizations").default is False


def test_an_invitation_is_accepted_only_by_the_invited_address(client, jiangan_org, admin):
    invitation, token = make_invitation(organization=jiangan_org, invited_by=admin, email="colleague@example.com")
    stranger = UserFactory(username="stranger", email="stranger@example.com")
    client.force_login(stranger)
    page = client.get(f"/organizations/invitations/{token}/")
    assert page.status_code == 403 and "colleague@example.com" in page.content.decode()
    response = client.post(f"/organizations/invitations/{token}/")
    assert response.status_code == 403
    with pytest.raises(ValidationError, match="该邀请发给"):
        invitation_accept(token=token, actor=stranger)
    assert not Membership.objects.filter(user=stranger).exists()
    invitation.refresh_from_db()
    assert invitation.is_open
    # the invited address in another case is the same address
    colleague = UserFactory(username="colleague", email="Colleague@Example.com")
    client.force_login(colleague)
    assert client.post(f"/organizations/invitations/{token}/").status_code == 302
    assert Membership.objects.filter(user=colleague, organization=jiangan_org).exists()


def test_a_new_account_made_through_an_invitation_takes_the_invited_address(client, jiangan_org, admin):
    _, token = make_invitation(organization=jiangan_org, invited_by=admin, email="colleague@example.com")
    page = client.get(f"/organizations/invitations/{token}/").content.decode()
    assert 'value="colleague@example.com"' in page and "disabled" in page
    response = client.post(
        f"/organizations/invitations/{token}/",
        {
            "account-username": "newbie",
            "account-name": "王新",
            "account-email": "attacker@example.com",  # a tampered form
            "account-password1": "Bright-Future-2026",
            "account-password2": "Bright-Future-2026",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="newbie").email == "colleague@example.com"
    # the service holds the rule too, whatever a form passes it
    _, token = make_invitation(organization=jiangan_org, invited_by=admin, email="second@example.com")
    account = {"username": "second", "name": "李二", "email": "attacker@example.com", "password": "Bright-Future-2026"}
    assert invitation_accept(token=token, account=account).user.email == "second@example.com"


def test_a_member_who_is_removed_stays_on_record(jiangan_org, admin, staff):
    membership = Membership.objects.get(user=staff)
    membership_remove(membership=membership, actor=admin)
    former = FormerMembership.objects.get(user=staff, organization=jiangan_org)
    assert (former.role, former.joined_at) == ("staff", membership.joined_at)
    assert conflict_of_interest(staff, jiangan_org)


def test_an_admin_who_leaves_stays_on_record(client, jiangan_org, admin, staff):
    Membership.objects.filter(user=staff).update(role="admin")  # someone must stay admin
    membership = Membership.objects.get(user=admin)
    client.force_login(admin)
    assert client.post(f"/organizations/{jiangan_org.pk}/members/{membership.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(user=admin).exists()
    assert FormerMembership.objects.get(user=admin, organization=jiangan_org).role == "admin"
    assert conflict_of_interest(admin, jiangan_org)


def test_an_open_invitation_is_sent_again_with_a_new_link(
    client, jiangan_org, admin, django_capture_on_commit_callbacks
):
    invitation, old_token = make_invitation(organization=jiangan_org, invited_by=admin, email="later@example.com")
    client.force_login(admin)
    assert "重新发送" in client.get(f"/organizations/{jiangan_org.pk}/members/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/organizations/{jiangan_org.pk}/invitations/{invitation.pk}/resend/")
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["later@example.com"]
    new_token = re.search(r"/organizations/invitations/([\w-]+)/", message.body).group(1)
    assert new_token != old_token
    assert client.get(f"/organizations/invitations/{old_token}/").status_code == 404  # the old link is dead
    event = AuditEvent.objects.get(action="organizations.invitation_resend")
    assert event.actor == admin and new_token not in str(event.details)
    client.force_login(UserFactory(username="later", email="later@example.com"))
    assert client.post(f"/organizations/invitations/{new_token}/").status_code == 302


def test_only_an_admin_resends_and_only_an_open_invitation(client, jiangan_org, admin, staff, other_member):
    invitation, _ = make_invitation(organization=jiangan_org, invited_by=admin)
    url = f"/organizations/{jiangan_org.pk}/invitations/{invitation.pk}/resend/"
    client.force_login(staff)
    assert client.post(url).status_code == 403
    client.force_login(other_member)
    assert client.post(url).status_code == 404
    with pytest.raises(Denied):
        invitation_resend(invitation=invitation, actor=staff)
    original_hash = Invitation.objects.get(pk=invitation.pk).token_hash
    assert not AuditEvent.objects.filter(action="organizations.invitation_resend").exists()
    client.force_login(admin)
    client.post(f"/organizations/{jiangan_org.pk}/invitations/{invitation.pk}/revoke/")
    response = client.post(url)
    assert response.status_code == 400 and "不能重新发送" in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).token_hash == original_hash


def test_a_resent_invitation_is_in_the_outbox_with_the_change(jiangan_org, admin, django_capture_on_commit_callbacks):
    """The new link exists only in this e-mail: it is written in the same transaction as the new token, so a broker
    that is down (or a crash right after commit) cannot lose it."""
    from core.models import OutgoingEmail

    invitation, _ = make_invitation(organization=jiangan_org, invited_by=admin, email="later@example.com")
    with django_capture_on_commit_callbacks(execute=False):
        _, token = invitation_resend(invitation=invitation, actor=admin)
        assert token in OutgoingEmail.objects.pending().get(to="later@example.com").body
