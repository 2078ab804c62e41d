"""Two officers approving on the same call at once never exceed its budget (real row locks: PostgreSQL only)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programs.models import ApplicationStatus
from programs.services.decisions import application_approve
from tests.concurrency import run_together
from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory
from tests.factories.programs import ApplicationFactory, CallFactory, ReviewerFactory
from tests.programs.helpers import close_call, reviewed

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_officers_cannot_both_spend_the_last_of_the_budget(transactional_db):
    call = CallFactory(total_budget=Decimal("60000.00"))
    first_officer, second_officer = OfficerFactory(region_code="420100"), OfficerFactory(region_code="420000")
    reviewers = [ReviewerFactory(), ReviewerFactory()]
    applications = []
    for _ in range(2):
        organization = OrganizationFactory()
        member = MembershipFactory(organization=organization, user=UserFactory()).user
        applications.append(
            reviewed(
                ApplicationFactory(call=call, organization=organization),
                applicant=member,
                officer=first_officer,
                reviewers=reviewers,
            )
        )

    close_call(call)
    for application in applications:
        application.refresh_from_db()
    results = run_together(
        [
            lambda: application_approve(
                application=applications[0], actor=first_officer, amount=Decimal("40000.00"), reason="好"
            ),
            lambda: application_approve(
                application=applications[1], actor=second_officer, amount=Decimal("40000.00"), reason="好"
            ),
        ]
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError) and "剩余资金 20,000.00 元" in str(error)
    approved = call.applications.filter(status=ApplicationStatus.APPROVED)
    assert approved.count() == 1
    assert sum(a.approved_amount for a in approved) <= call.total_budget
