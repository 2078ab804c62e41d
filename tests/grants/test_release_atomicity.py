"""The payment, its audit event and its notification commit together or not at all. pytest-django wraps ordinary tests
in a transaction, which hides an audit event or notification moved outside the service's own; these tests run with
real commits (transaction=True)."""

import pytest
from django.utils import timezone

from core.models import AuditEvent, Notification
from grants.models import MilestoneStatus, Payment
from grants.services import milestone_approve, milestone_release, milestone_submit
from tests.factories import MembershipFactory, OfficerFactory, make_grant, pdf_upload

# serialized_rollback: the flush after a transactional test would otherwise remove the regions the migrations load.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Boom(Exception):
    pass


@pytest.fixture
def setup():
    approver = OfficerFactory(region_code="420100")
    releaser = OfficerFactory(region_code="420100")
    grant = make_grant(officer=approver)
    member = MembershipFactory(organization=grant.organization).user
    milestone = grant.milestones.get(order=1)
    milestone_submit(milestone=milestone, actor=member, narrative="进展", evidence_files=[pdf_upload()])
    milestone_approve(milestone=milestone, actor=approver)
    return {"milestone": milestone, "releaser": releaser, "member": member}


def _release(setup, voucher="ATOM-1"):
    return milestone_release(
        milestone=setup["milestone"], actor=setup["releaser"], paid_on=timezone.localdate(), voucher_number=voucher
    )


def _release_events():
    return AuditEvent.objects.filter(action="milestone.release")


def _payment_notifications(member):
    return Notification.objects.filter(recipient=member, subject__startswith="款项已拨付")


def test_a_failing_audit_event_leaves_no_payment_and_no_notification(setup, monkeypatch):
    def failing_audit_log(**kwargs):
        raise Boom("audit store unavailable")

    monkeypatch.setattr("grants.services.milestones.audit_log", failing_audit_log)
    with pytest.raises(Boom):
        _release(setup)
    assert not Payment.objects.exists()
    assert not _release_events().exists()
    assert not _payment_notifications(setup["member"]).exists()
    setup["milestone"].refresh_from_db()
    assert setup["milestone"].status == MilestoneStatus.APPROVED


def test_a_failing_notification_leaves_no_payment_and_no_audit_event(setup, monkeypatch):
    from core.notifications import notify

    def notify_then_fail(**kwargs):
        notify(**kwargs)
        raise Boom("mail queue unavailable")

    monkeypatch.setattr("grants.services.milestones.notify", notify_then_fail)
    with pytest.raises(Boom):
        _release(setup)
    assert not Payment.objects.exists()
    assert not _release_events().exists()
    assert not _payment_notifications(setup["member"]).exists()


def test_a_successful_release_commits_payment_audit_event_and_notification(setup):
    payment = _release(setup)
    assert Payment.objects.get() == payment
    assert _release_events().count() == 1
    assert _payment_notifications(setup["member"]).count() == 1
