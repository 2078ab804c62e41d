"""The selectors other apps build applicant isolation and conflict-of-interest rules on: each answers for the user's
own organizations only, so a member of another organization never passes as a member of this one."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from organizations.models import FormerMembership
from organizations.selectors import (
    ACTIVE_ORGANIZATION_SESSION_KEY,
    active_membership,
    conflict_of_interest,
    current_organization,
    is_organization_member,
    membership_of,
    memberships_for,
    organizations_for_member,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture
def other_org(other_member):
    return other_member.memberships.get().organization


def test_a_member_of_another_organization_is_no_member_of_this_one(jiangan_org, admin, other_member, other_org):
    assert list(organizations_for_member(other_member)) == [other_org]
    assert list(organizations_for_member(admin)) == [jiangan_org]
    assert [m.organization for m in memberships_for(other_member)] == [other_org]
    assert membership_of(other_member, jiangan_org) is None
    assert membership_of(admin, jiangan_org).is_admin


def test_someone_who_belongs_to_no_organization_is_no_member_at_all(jiangan_org, admin):
    nobody = UserFactory()
    assert not is_organization_member(nobody)
    assert not organizations_for_member(nobody).exists()
    assert not organizations_for_member(AnonymousUser()).exists()
    assert is_organization_member(admin)


def test_a_session_naming_another_organization_does_not_make_its_holder_act_for_it(jiangan_org, admin, other_org):
    session = {ACTIVE_ORGANIZATION_SESSION_KEY: other_org.pk}  # e.g. a stale or forged id
    assert current_organization(admin, session) == jiangan_org
    assert active_membership(admin, session).user == admin
    assert current_organization(UserFactory(), session) is None


def test_conflict_of_interest_covers_members_and_recent_former_members_only(jiangan_org, admin, settings):
    settings.CONFLICT_OF_INTEREST_DAYS = 30
    now = timezone.now()
    recent, long_ago, elsewhere = UserFactory(), UserFactory(), UserFactory()
    for user, days in ((recent, 29), (long_ago, 31)):
        FormerMembership.objects.create(
            user=user, organization=jiangan_org, role="staff", joined_at=now, left_at=now - datetime.timedelta(days)
        )
    MembershipFactory(user=elsewhere, organization=OrganizationFactory())
    assert conflict_of_interest(admin, jiangan_org)
    assert conflict_of_interest(recent, jiangan_org)
    assert not conflict_of_interest(long_ago, jiangan_org)
    assert not conflict_of_interest(elsewhere, jiangan_org)
    assert not conflict_of_interest(AnonymousUser(), jiangan_org)
