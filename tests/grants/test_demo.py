import pytest
from django.utils import timezone

from core.demo import seed_platform_users
from grants.demo import seed_grants
from grants.models import Evaluation, Grant, GrantStatus, Milestone, MilestoneStatus, Payment
from organizations.demo import seed_organizations
from programs.demo import seed_programs

pytestmark = pytest.mark.django_db


def _seed():
    users = seed_platform_users()
    organizations = seed_organizations()
    programs = seed_programs(users=users, organizations=organizations)
    return seed_grants(users=users, organizations=organizations, programs=programs)


def test_demo_has_grants_at_every_stage_and_is_idempotent():
    grants = _seed()
    counts = (Grant.objects.count(), Milestone.objects.count(), Payment.objects.count(), Evaluation.objects.count())
    assert {g.status for g in Grant.objects.all()} == set(GrantStatus.values)
    assert {m.status for m in Milestone.objects.all()} == set(MilestoneStatus.values)
    assert Milestone.objects.overdue(timezone.localdate()).count() >= 2
    assert Evaluation.objects.published().count() >= 2
    assert grants["overdue"].continues == grants["completed"]
    # Every grant's tranches add up to its amount.
    for grant in Grant.objects.all():
        assert sum(m.payment_amount for m in grant.milestones.all()) == grant.amount
    # The walkthrough application stays without a grant.
    assert Grant.objects.filter(application__title="江岸区“五社联动”儿童关爱项目").count() == 0

    again = _seed()
    assert {k: g.pk for k, g in again.items()} == {k: g.pk for k, g in grants.items()}
    assert (
        Grant.objects.count(),
        Milestone.objects.count(),
        Payment.objects.count(),
        Evaluation.objects.count(),
    ) == counts
