"""An organization that does not accept in time: the county officer is reminded, once."""

import datetime

from django.utils import timezone

from core.models import Notification
from referrals.services import referral_accept, referral_assign, referrals_remind_overdue
from referrals.tasks import remind_overdue_referrals
from tests.factories.referrals import report


def _overdue_notes():
    return Notification.objects.filter(dedup_key__startswith="referral-overdue-")


def test_the_officer_is_reminded_once_after_the_due_date(grant, dazhi_director, jiangan_officer):
    referral = report(dazhi_director)
    assert referrals_remind_overdue(today=referral.accept_due) == 0
    later = referral.accept_due + datetime.timedelta(days=1)
    assert referrals_remind_overdue(today=later) == 1
    assert referrals_remind_overdue(today=later) == 0
    assert referrals_remind_overdue(today=later + datetime.timedelta(days=1)) == 0
    note = _overdue_notes().get()
    assert note.recipient == jiangan_officer and referral.code in note.subject and "王小花" not in note.subject


def test_an_accepted_referral_is_not_reminded(grant, dazhi_director, jiangan_officer, org_admin):
    referral = report(dazhi_director)
    referral_accept(referral=referral, actor=org_admin, guardian_type="parents", school_stage="primary")
    assert referrals_remind_overdue(today=referral.accept_due + datetime.timedelta(days=5)) == 0


def test_reassigning_gives_a_new_due_date_and_a_new_reminder(grant, dazhi_director, jiangan_officer):
    referral = report(dazhi_director)
    referral.accept_due = timezone.localdate() - datetime.timedelta(days=2)
    referral.save(update_fields=["accept_due"])
    assert referrals_remind_overdue() == 1
    referral_assign(referral=referral, actor=jiangan_officer, grant=grant)
    referral.refresh_from_db()
    assert referral.accept_due >= timezone.localdate()
    assert referrals_remind_overdue(today=referral.accept_due + datetime.timedelta(days=1)) == 1
    assert _overdue_notes().count() == 2


def test_the_periodic_task_calls_the_service(grant, dazhi_director, jiangan_officer):
    referral = report(dazhi_director)
    referral.accept_due = timezone.localdate() - datetime.timedelta(days=1)
    referral.save(update_fields=["accept_due"])
    assert remind_overdue_referrals() == 1
    assert remind_overdue_referrals() == 0
