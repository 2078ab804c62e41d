"""Celery beat reminders: drafts 3 days before close, reviews due; a second run sends nothing new."""

import datetime

from django.utils import timezone

from core.models import Notification
from programs.models import ApplicationStatus
from programs.tasks import remind_drafts_before_close, remind_reviews_due
from tests.factories.programs import ApplicationFactory, CallFactory, ReviewAssignmentFactory


def test_draft_reminder_three_days_before_close(applicant, applicant_org):
    closing = CallFactory(closes_at=timezone.now() + datetime.timedelta(days=2))
    later = CallFactory(closes_at=timezone.now() + datetime.timedelta(days=10))
    ApplicationFactory(call=closing, organization=applicant_org, title="快截止的草稿")
    ApplicationFactory(call=later, organization=applicant_org, title="还早的草稿")
    ApplicationFactory(call=closing, organization=applicant_org, title="已提交", status=ApplicationStatus.SUBMITTED)
    assert remind_drafts_before_close() == 1
    assert remind_drafts_before_close() == 0
    reminders = Notification.objects.filter(recipient=applicant)
    assert [n.subject for n in reminders] == ["申报即将截止：快截止的草稿"]


def test_review_due_reminder(db):
    due = ReviewAssignmentFactory(due_on=timezone.localdate() + datetime.timedelta(days=1))
    ReviewAssignmentFactory(due_on=timezone.localdate() + datetime.timedelta(days=9))
    ReviewAssignmentFactory(due_on=timezone.localdate(), status="submitted")
    assert remind_reviews_due() == 1
    assert remind_reviews_due() == 0
    assert Notification.objects.get().recipient == due.reviewer
