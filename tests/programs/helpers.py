"""Shortcuts that walk an application to a given stage through the services."""

from programs.models import ApplicationStatus
from programs.services.applications import application_submit
from programs.services.reviews import review_assign, review_declare_no_conflict, review_submit
from programs.services.screening import application_pass_to_review


def to_review(application, *, applicant, officer):
    application_submit(application=application, actor=applicant)
    application_pass_to_review(application=application, actor=officer)
    application.refresh_from_db()
    return application


def reviewed(application, *, applicant, officer, reviewers, fraction="0.8"):
    """Submitted, passed to review, scored by every reviewer."""
    from decimal import Decimal

    if application.status == ApplicationStatus.DRAFT:
        to_review(application, applicant=applicant, officer=officer)
    for assignment, reviewer in zip(
        review_assign(application=application, reviewers=reviewers, actor=officer), reviewers, strict=True
    ):
        review_declare_no_conflict(assignment=assignment, actor=reviewer)
        scores = {c.pk: c.weight * Decimal(fraction) for c in application.call.rubric_criteria.all()}
        review_submit(assignment=assignment, actor=reviewer, scores=scores, comment="可行")
    application.refresh_from_db()
    return application


def close_call(call):
    """Move the call's deadline a minute into the past: decisions and notices wait for the call to close."""
    import datetime

    from django.utils import timezone

    from programs.models import Call

    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    call.refresh_from_db()
    return call
