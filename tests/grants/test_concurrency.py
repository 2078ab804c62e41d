"""Exactly-once payment release with two officers clicking at the same moment (real row locks: PostgreSQL only)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from grants.models import ContractSequence, MilestoneStatus, Payment
from grants.services import allocate_contract_number, milestone_approve, milestone_release, milestone_submit
from tests.concurrency import run_together
from tests.factories import OfficerFactory, approved_application, make_grant, pdf_upload
from tests.factories.core import region

# serialized_rollback: the flush after a transactional test would otherwise remove the regions the migrations load.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_officers_release_the_same_tranche_at_once(transactional_db):
    approver = OfficerFactory(region_code="420100")
    first, second = OfficerFactory(region_code="420100"), OfficerFactory(region_code="420000")
    application = approved_application()
    grant = make_grant(officer=approver, application=application)
    from tests.factories import MembershipFactory

    member = MembershipFactory(organization=grant.organization).user
    milestone = grant.milestones.get(order=1)
    milestone_submit(milestone=milestone, actor=member, narrative="x", evidence_files=[pdf_upload()])
    milestone_approve(milestone=milestone, actor=approver)
    today = timezone.localdate()

    results = run_together(
        [
            lambda: milestone_release(milestone=milestone, actor=first, paid_on=today, voucher_number="A-1"),
            lambda: milestone_release(milestone=milestone, actor=second, paid_on=today, voucher_number="B-1"),
        ]
    )
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError) and "不能重复拨付" in error.messages[0]
    assert Payment.objects.filter(milestone=milestone).count() == 1
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PAID


def test_contract_numbers_are_unique_under_concurrency(transactional_db):
    from django.db import transaction

    wuhan = region("420100")

    def allocate():
        with transaction.atomic():
            return allocate_contract_number(region=wuhan, year=2026)

    results = run_together([allocate] * 6)
    numbers = [value for kind, value in results if kind == "ok"]
    assert len(numbers) == 6, results
    assert len(set(numbers)) == 6
    assert ContractSequence.objects.get(region=wuhan, year=2026).last_number == 6


def test_two_releases_with_the_same_voucher_number_at_once(transactional_db):
    """Two officers release two different tranches with the same voucher number at the same moment: both pass the
    "already used?" check, one insert wins, the other gets the clear message (not an IntegrityError / 500)."""
    from tests.factories import MembershipFactory

    approver = OfficerFactory(region_code="420100")
    releasers = [OfficerFactory(region_code="420100"), OfficerFactory(region_code="420000")]
    milestones = []
    for _index in range(2):
        grant = make_grant(officer=approver, application=approved_application())
        member = MembershipFactory(organization=grant.organization).user
        milestone = grant.milestones.get(order=1)
        milestone_submit(milestone=milestone, actor=member, narrative="x", evidence_files=[pdf_upload()])
        milestones.append(milestone_approve(milestone=milestone, actor=approver))
    today = timezone.localdate()

    results = run_together(
        [
            lambda m=m, r=r: milestone_release(milestone=m, actor=r, paid_on=today, voucher_number="SAME-1")
            for m, r in zip(milestones, releasers, strict=True)
        ]
    )
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError), repr(error)
    assert "已被使用" in error.message_dict["voucher_number"][0]
    assert Payment.objects.filter(voucher_number="SAME-1").count() == 1
