import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.demo import seed_platform_users
from core.models import Region
from grants.demo import seed_grants
from grants.models import Evaluation, Grant, GrantStatus, Milestone, MilestoneStatus, Payment
from organizations.demo import seed_organizations
from organizations.models import VerificationStatus
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


def test_demo_grants_span_several_prefectures_and_organizations():
    """The public funded-projects page should look like a province's programme, not one city's."""
    _seed()
    prefectures = {
        region.path.split("/")[1]
        for grant in Grant.objects.prefetch_related("service_regions")
        for region in grant.service_regions.all()
    }
    assert {"420100", "420500", "422800"} <= prefectures
    assert Grant.objects.values("organization").distinct().count() >= 3
    assert Grant.objects.values("issuing_region").distinct().count() >= 4  # 武汉, 宜昌, 恩施 and the province
    # Each 市州 filter on the public page finds its own projects.
    for code in ("420100", "420500", "422800"):
        region = Region.objects.get(code=code)
        response = Client().get(reverse("grants:public_project_list"), {"prefecture": region.pk})
        assert response.status_code == 200
        assert len(response.context["page"].object_list) >= 2
    # Only verified organizations deliver demo grants.
    assert not Grant.objects.exclude(organization__verification_status=VerificationStatus.VERIFIED).exists()
