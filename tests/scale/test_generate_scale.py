"""The scale generator: ``generate_scale --size small`` writes the counts it promises, every row refers to rows
that exist and belong together, and the data spreads over the province (a few seconds on SQLite)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F, Q
from django.test import override_settings

from core.models import Region, User
from delivery.models import Beneficiary, Enrolment, ServiceLog
from grants.models import Grant, Milestone, Payment
from organizations.models import Organization, StaffMember
from programs.models import Application, ApplicationStatus, Call
from scale.generator import OFFICER
from scale.sizes import MILESTONES_PER_GRANT, SIZES

pytestmark = pytest.mark.django_db
SMALL = SIZES["small"]


@override_settings(DEBUG=True)
def test_small_writes_its_counts_and_every_reference_holds():
    out = io.StringIO()
    call_command("generate_scale", "--size", "small", stdout=out)

    assert "rows/s" in out.getvalue()
    assert Organization.objects.count() == SMALL["organizations"]
    assert Call.objects.count() == SMALL["calls"]
    assert Application.objects.count() == SMALL["applications"]
    grants = Grant.objects.count()
    approved = Application.objects.filter(status=ApplicationStatus.APPROVED).count()
    assert grants == approved == SMALL["applications"] * 2 // 5
    assert Milestone.objects.count() == grants * MILESTONES_PER_GRANT
    assert Beneficiary.objects.count() == SMALL["children"]
    assert ServiceLog.objects.count() == SMALL["service_logs"]
    assert Enrolment.objects.count() >= SMALL["children"]

    # The database's own check: no row points at a missing one (SQLite: PRAGMA foreign_key_check).
    connection.check_constraints()
    # Rows that refer to each other agree.
    assert not Grant.objects.exclude(organization=F("application__organization")).exists()
    assert not Enrolment.objects.exclude(organization=F("grant__organization")).exists()
    assert (
        not ServiceLog.objects.exclude(staff_member__isnull=True)
        .exclude(staff_member__organization=F("grant__organization"))
        .exists()
    )
    assert not ServiceLog.objects.filter(Q(date__lt=F("grant__start_date")) | Q(date__gt=F("grant__end_date"))).exists()
    individual = ServiceLog.objects.filter(beneficiary__isnull=False)
    assert individual.exists()
    assert individual.filter(beneficiary__enrolments__grant=F("grant")).distinct().count() == individual.count()
    assert not Payment.objects.exclude(milestone__status="paid").exists()
    # Sequences follow the explicit ids: the next row saved one by one gets a fresh id.
    assert StaffMember.objects.count() > 0
    assert ServiceLog.objects.order_by("-pk").first().pk == ServiceLog.objects.count()

    # Spread over the province: organizations in many 市州, children in many counties, every form and most types.
    prefectures = Organization.objects.values("registration_region__prefecture_code").distinct().count()
    assert prefectures >= 8
    assert Beneficiary.objects.values("county").distinct().count() >= 20
    assert Beneficiary.objects.exclude(township="").count() > SMALL["children"] // 2
    assert ServiceLog.objects.values("form").distinct().count() == 5
    assert ServiceLog.objects.values("service_type").distinct().count() >= 8
    assert Grant.objects.filter(brand_program__isnull=False).exists()
    assert Region.objects.filter(level="township").exists()
    # Long tails: the busiest grant has several times the logs of the median one.
    per_grant = sorted(ServiceLog.objects.values("grant").annotate(n=Count("pk")).values_list("n", flat=True))
    assert per_grant[-1] > 3 * per_grant[len(per_grant) // 2]


def test_refuses_without_debug_and_on_generated_data():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_scale", "--size", "small", stdout=io.StringIO())
    User.objects.create(username=OFFICER)
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="already holds"):
        call_command("generate_scale", "--size", "small", stdout=io.StringIO())
    assert not Organization.objects.exists()
