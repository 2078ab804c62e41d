"""Reminders sent by Celery beat; idempotent by dedup key (one reminder per draft per call, per review per day)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.notifications import notify

from ..models import Application, ApplicationStatus, ReviewAssignment, ReviewStatus
from .recipients import organization_members


def remind_draft_applications(*, now=None) -> int:
    """Remind the members of organizations holding a draft (or a returned application) to a call that closes within
    three days. Returns the number of notifications created."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(days=3)
    applications = Application.objects.filter(
        status__in=[ApplicationStatus.DRAFT, ApplicationStatus.RETURNED],
        call__closes_at__gt=now,
        call__closes_at__lte=soon,
    ).select_related("call", "organization")
    sent = 0
    for application in applications:
        with transaction.atomic():
            closes = timezone.localtime(application.call.closes_at)
            sent += len(
                notify(
                    recipients=organization_members(application.organization),
                    subject=_("申报即将截止：%(title)s") % {"title": application.title},
                    body=_("“%(call)s”将于 %(time)s 截止，您的申报书尚未提交。")
                    % {"call": application.call.title, "time": f"{closes:%Y-%m-%d %H:%M}"},
                    url=f"/programs/applications/{application.pk}/edit/",
                    dedup_key=f"programs.draft_reminder.{application.pk}.{application.status}",
                )
            )
    return sent


def remind_due_reviews(*, today=None) -> int:
    """Remind reviewers whose reviews are due within two days or overdue (once per review per day)."""
    today = today or timezone.localdate()
    assignments = ReviewAssignment.objects.filter(
        status__in=[ReviewStatus.ASSIGNED, ReviewStatus.ACCEPTED],
        due_on__lte=today + datetime.timedelta(days=2),
    ).select_related("reviewer", "application")
    sent = 0
    for assignment in assignments:
        with transaction.atomic():
            sent += len(
                notify(
                    recipients=[assignment.reviewer],
                    subject=_("评审即将到期：%(title)s") % {"title": assignment.application.title},
                    body=_("请在 %(due)s 前提交评审意见。") % {"due": assignment.due_on},
                    url=f"/programs/reviews/{assignment.pk}/",
                    dedup_key=f"programs.review_due.{assignment.pk}.{today.isoformat()}",
                )
            )
    return sent
