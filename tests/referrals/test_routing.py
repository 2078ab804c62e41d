"""Routing: one covering grant → its organization; none or several → the county officer."""

import datetime

from django.utils import timezone

from core.calendar import add_working_days
from core.models import Notification, Region, ServiceType
from grants.models import GrantStatus
from referrals.models import Referral, ReferralStatus, RouteOutcome
from tests.factories import make_grant
from tests.factories.referrals import report


def test_one_covering_grant_routes_to_its_organization(grant, dazhi_director, jiangan_officer, settings):
    settings.REFERRALS_ACCEPT_WORKING_DAYS = 3
    referral = report(dazhi_director)
    assert referral.status == ReferralStatus.ROUTED
    assert referral.route_outcome == RouteOutcome.ONE
    assert referral.organization == grant.organization and referral.grant == grant
    assert referral.accept_due == add_working_days(timezone.localdate(), 3)
    assert referral.county.code == "420102"


def test_no_covering_grant_goes_to_the_county_officer_as_a_coverage_gap(dazhi_director, jiangan_officer, wuhan_officer):
    referral = report(dazhi_director)
    assert referral.status == ReferralStatus.WITH_OFFICER
    assert referral.route_outcome == RouteOutcome.NONE
    assert referral.organization is None
    assert list(Referral.objects.coverage_gaps()) == [referral]
    # The county's officer is told, not the city's (the nearest level with officers).
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"officer_jiangan"}


def test_several_covering_grants_go_to_the_officer_to_choose(grant, wuhan_officer, dazhi_director, jiangan_officer):
    make_grant(officer=wuhan_officer)
    referral = report(dazhi_director)
    assert referral.status == ReferralStatus.WITH_OFFICER
    assert referral.route_outcome == RouteOutcome.SEVERAL
    assert referral.grant is None


def test_a_grant_serving_only_the_township_covers_it_and_one_serving_another_county_does_not(
    wuhan_officer, dazhi_director, jiangan_officer
):
    township_grant = make_grant(officer=wuhan_officer)
    township_grant.service_regions.set([Region.objects.get(code="420102002")])
    other_county = make_grant(officer=wuhan_officer)
    other_county.service_regions.set([Region.objects.get(code="420103")])
    referral = report(dazhi_director)
    assert referral.grant == township_grant


def test_a_suspended_or_ended_grant_does_not_cover(grant, wuhan_officer, dazhi_director, jiangan_officer):
    grant.status = GrantStatus.SUSPENDED
    grant.save(update_fields=["status"])
    ended = make_grant(officer=wuhan_officer)
    ended.end_date = timezone.localdate() - datetime.timedelta(days=1)
    ended.start_date = ended.end_date - datetime.timedelta(days=200)
    ended.save(update_fields=["start_date", "end_date"])
    assert report(dazhi_director).route_outcome == RouteOutcome.NONE


def test_the_grants_service_types_must_answer_the_need(grant, dazhi_director, jiangan_officer):
    grant.call.service_types.set([ServiceType.objects.get(code="medical")])
    assert report(dazhi_director, need="psychological").route_outcome == RouteOutcome.NONE
    assert report(dazhi_director, need="health").route_outcome == RouteOutcome.ONE


def test_the_routed_organization_admin_is_notified_without_the_childs_name(grant, dazhi_director, organization):
    referral = report(dazhi_director)
    notes = Notification.objects.filter(recipient__memberships__organization=referral.organization)
    assert notes.exists()
    assert all("王小花" not in n.subject + n.body for n in Notification.objects.all())


def test_an_officer_may_not_send_a_referral_to_an_organization_they_belong_or_recently_belonged_to(
    grant, wuhan_officer, dazhi_director, jiangan_officer, organization
):
    """Routing a child (and the work paid for by the grant) is a decision for the organization: an officer who is,
    or was within CONFLICT_OF_INTEREST_DAYS, its member leaves it to a colleague (issue 9, item 2)."""
    import pytest
    from django.core.exceptions import ValidationError

    from organizations.models import FormerMembership
    from referrals.services import referral_assign
    from tests.factories import MembershipFactory

    make_grant(officer=wuhan_officer)  # two covering grants: the referral waits for the officer
    referral = report(dazhi_director)
    MembershipFactory(organization=organization, user=jiangan_officer)
    now = timezone.now()
    FormerMembership.objects.create(
        user=wuhan_officer,
        organization=organization,
        role="staff",
        joined_at=now - datetime.timedelta(days=90),
        left_at=now,
    )
    for officer in (jiangan_officer, wuhan_officer):
        with pytest.raises(ValidationError, match="利益冲突"):
            referral_assign(referral=referral, actor=officer, grant=grant)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITH_OFFICER and referral.grant is None
