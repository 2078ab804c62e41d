"""Who sees a referral: the reporter, the township's supervisor, the organization it is routed to (while it is) and
officers of the region; nobody else, by URL or by POST. Nothing about a child reaches another organization or the
public."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from referrals.models import ReferralStatus
from tests.factories import OfficerFactory, UserFactory
from tests.factories.delivery import id_number
from tests.factories.referrals import report, supervisor

ACCEPT = {"name": "王小花", "guardian_type": "grandparents", "school_stage": "primary"}


@pytest.fixture
def referral(grant, dazhi_director):
    return report(dazhi_director)


def _get(client, user, referral):
    client.force_login(user)
    return client.get(reverse("referrals:referral_detail", args=[referral.pk]))


def test_the_reporter_sees_their_report_with_the_name(client, referral, dazhi_director):
    response = _get(client, dazhi_director, referral)
    assert response.status_code == 200
    assert "王小花" in response.content.decode()
    assert id_number(901) not in response.content.decode()


def test_a_director_of_another_township_sees_nothing(client, referral, other_director):
    assert _get(client, other_director, referral).status_code == 404
    response = client.get(reverse("referrals:home"))
    assert response.status_code == 200 and referral.code not in response.content.decode()
    for name in ("accept", "return", "assign", "close"):
        response = client.post(reverse(f"referrals:{name}", args=[referral.pk]), {**ACCEPT, "reason": "不是本组织"})
        assert response.status_code == 404, name
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ROUTED


def test_a_director_does_not_see_another_directors_report_in_the_same_township(client, referral):
    from tests.factories.referrals import director

    neighbour = director(username="director_dazhi2", township_code="420102002", village="旧村")
    assert _get(client, neighbour, referral).status_code == 404


def test_the_township_supervisor_sees_it_and_another_townships_does_not(client, referral, dazhi_supervisor):
    response = _get(client, dazhi_supervisor, referral)
    assert response.status_code == 200 and "王小花" in response.content.decode()
    home = client.get(reverse("referrals:home")).content.decode()
    assert referral.code in home
    other = supervisor(username="supervisor_yiyuan", township_code="420102003")
    assert _get(client, other, referral).status_code == 404
    assert referral.code not in client.get(reverse("referrals:home")).content.decode()


def test_the_routed_organization_sees_it_and_another_organization_does_not(
    client, referral, org_admin, other_org_admin
):
    assert _get(client, org_admin, referral).status_code == 200
    assert referral.code in client.get(reverse("referrals:inbox")).content.decode()
    assert _get(client, other_org_admin, referral).status_code == 404
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert referral.code not in inbox and "王小花" not in inbox
    response = client.post(reverse("referrals:accept", args=[referral.pk]), ACCEPT)
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ROUTED and referral.enrolment is None


def test_an_organization_that_returned_it_no_longer_sees_it(client, referral, org_admin):
    client.force_login(org_admin)
    client.post(reverse("referrals:return", args=[referral.pk]), {"reason": "超出本项目服务能力"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITH_OFFICER
    assert client.get(reverse("referrals:referral_detail", args=[referral.pk])).status_code == 404


def test_officers_of_the_region_see_it_without_the_name_and_others_get_404(client, referral, jiangan_officer):
    response = _get(client, jiangan_officer, referral)
    assert response.status_code == 200
    assert "王小花" not in response.content.decode()
    assert referral.id_masked in response.content.decode()
    enshi = OfficerFactory(username="officer_enshi_x", region_code="422800")
    assert _get(client, enshi, referral).status_code == 404
    response = client.post(reverse("referrals:close", args=[referral.pk]), {"reason": "已由民政部门处理"})
    assert response.status_code == 404


def test_an_officer_cannot_accept_on_the_organizations_behalf(client, referral, jiangan_officer):
    client.force_login(jiangan_officer)
    response = client.post(reverse("referrals:accept", args=[referral.pk]), ACCEPT)
    assert response.status_code == 403


def test_only_a_director_may_report(client, org_admin, jiangan_officer, dazhi_supervisor):
    for user in (org_admin, jiangan_officer, dazhi_supervisor, UserFactory()):
        client.force_login(user)
        assert client.get(reverse("referrals:report")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, referral):
    response = client.get(reverse("referrals:referral_detail", args=[referral.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_opening_another_persons_view_of_a_referral_is_audited(client, referral, org_admin, dazhi_director):
    _get(client, dazhi_director, referral)
    assert not AuditEvent.objects.filter(action="referral.view").exists()
    _get(client, org_admin, referral)
    event = AuditEvent.objects.get(action="referral.view")
    assert event.actor == org_admin and "王小花" not in event.target_repr
