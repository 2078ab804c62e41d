"""Expert review: assignment, the conflict-of-interest declaration, and scoring."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.dates import validate_plausible_date
from core.notifications import notify
from core.permissions import require
from organizations.selectors import conflict_of_interest

from ..models import Application, ApplicationStatus, CriterionScore, ReviewAssignment, ReviewStatus
from .recipients import officers_for


@transaction.atomic
def review_assign(*, application: Application, reviewers, actor, due_on: datetime.date | None = None) -> list:
    """Assign reviewers to an application under review. A reviewer who is, or was within
    ``CONFLICT_OF_INTEREST_DAYS``, a member of the applicant organization is refused by name; after assignment at
    least ``call.min_reviewers`` reviewers must be active on it."""
    application = Application.objects.select_for_update().select_related("call", "organization").get(pk=application.pk)
    require(actor, "programs.application_assign_reviewers", application)
    if application.status != ApplicationStatus.UNDER_REVIEW:
        raise ValidationError(
            _("只有“评审中”的申报书可以分配评审专家，当前为“%(status)s”。")
            % {"status": application.get_status_display()}
        )
    reviewers = list(reviewers)
    errors = []
    for reviewer in reviewers:
        if not reviewer.is_reviewer:
            errors.append(_("%(name)s 不是评审专家。") % {"name": reviewer.display_name})
        elif conflict_of_interest(reviewer, application.organization):
            errors.append(
                _("%(name)s 是（或曾是）申报单位“%(org)s”的成员，存在利益冲突，不能评审该单位的申报书。")
                % {"name": reviewer.display_name, "org": application.organization.name}
            )
    existing = {a.reviewer_id: a for a in application.reviews.all()}
    active = [a for a in existing.values() if a.status != ReviewStatus.DECLINED]
    new = [r for r in reviewers if r.pk not in existing]
    if len(active) + len(new) < application.call.min_reviewers:
        errors.append(
            _("评审专家：每个申报至少需要 %(n)s 位评审专家，当前只有 %(have)s 位。")
            % {"n": application.call.min_reviewers, "have": len(active) + len(new)}
        )
    if errors:
        raise ValidationError({"reviewers": errors})
    today = timezone.localdate()
    due_on = due_on or today + datetime.timedelta(days=7)
    try:
        validate_plausible_date(due_on, earliest=today)
    except ValidationError as error:
        raise ValidationError({"due_on": [_("评审截止日期：%(reason)s") % {"reason": error.messages[0]}]}) from None
    created = [
        ReviewAssignment.objects.create(application=application, reviewer=r, assigned_by=actor, due_on=due_on)
        for r in new
    ]
    audit_log(
        actor=actor,
        action="programs.review_assign",
        target=application,
        details={"reviewers": [r.pk for r in new], "due_on": due_on},
    )
    for assignment in created:
        notify(
            recipients=[assignment.reviewer],
            subject=_("新的评审任务：%(title)s") % {"title": application.title},
            body=_("请在 %(due)s 前完成评审。查看申报书前需先声明无利益冲突。") % {"due": due_on},
            url=f"/programs/reviews/{assignment.pk}/",
        )
    return created


def _lock(assignment) -> ReviewAssignment:
    return (
        ReviewAssignment.objects.select_for_update()
        .select_related("application__call", "application__organization")
        .get(pk=assignment.pk)
    )


@transaction.atomic
def review_declare_no_conflict(*, assignment: ReviewAssignment, actor) -> ReviewAssignment:
    """The reviewer declares no conflict of interest with the applicant; only then may they read the application."""
    assignment = _lock(assignment)
    require(actor, "programs.review_declare", assignment)
    assignment.status = ReviewStatus.ACCEPTED
    assignment.no_conflict_declared_at = timezone.now()
    assignment.save(update_fields=["status", "no_conflict_declared_at"])
    audit_log(actor=actor, action="programs.review_declare_no_conflict", target=assignment)
    return assignment


@transaction.atomic
def review_decline(*, assignment: ReviewAssignment, actor, reason: str) -> ReviewAssignment:
    """The reviewer declines (回避), with a reason; the officer is told to assign someone else."""
    assignment = _lock(assignment)
    require(actor, "programs.review_declare", assignment)
    if not reason.strip():
        raise ValidationError({"reason": _("回避理由：必须填写。")})
    assignment.status = ReviewStatus.DECLINED
    assignment.decline_reason = reason.strip()
    assignment.save(update_fields=["status", "decline_reason"])
    audit_log(actor=actor, action="programs.review_decline", target=assignment, details={"reason": reason})
    application = assignment.application
    notify(
        recipients=officers_for(application.call.issuing_region),
        subject=_("评审专家回避：%(title)s") % {"title": application.title},
        body=reason,
        url=f"/programs/work/applications/{application.pk}/",
    )
    return assignment


@transaction.atomic
def review_submit(*, assignment: ReviewAssignment, actor, scores: dict, comment: str) -> ReviewAssignment:
    """Score every criterion (0 to its weight) and submit; a submitted review can never be changed."""
    assignment = _lock(assignment)
    require(actor, "programs.review_score", assignment)
    criteria = list(assignment.application.call.rubric_criteria.all())
    errors: dict[str, list[str]] = {}
    clean: dict[int, Decimal] = {}
    for criterion in criteria:
        raw = scores.get(criterion.pk)
        key = f"criterion_{criterion.pk}"
        try:
            value = Decimal(str(raw)) if raw not in (None, "") else None
        except InvalidOperation:
            value = None
        if value is None:
            errors[key] = [_("“%(name)s”：必须打分。") % {"name": criterion.name}]
        elif not Decimal("0") <= value <= criterion.weight:
            errors[key] = [
                _("“%(name)s”：得分必须在 0 到 %(weight)s 之间，填写的是 %(value)s。")
                % {"name": criterion.name, "weight": format(criterion.weight.normalize(), "f"), "value": value}
            ]
        else:
            clean[criterion.pk] = value
    if not comment.strip():
        errors["comment"] = [_("评审意见：必须填写。")]
    if errors:
        raise ValidationError(errors)
    CriterionScore.objects.bulk_create(
        CriterionScore(review=assignment, criterion=criterion, score=clean[criterion.pk]) for criterion in criteria
    )
    assignment.total_score = sum(clean.values(), Decimal("0"))
    assignment.comment = comment.strip()
    assignment.status = ReviewStatus.SUBMITTED
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["total_score", "comment", "status", "submitted_at"])
    audit_log(
        actor=actor, action="programs.review_submit", target=assignment, details={"total": assignment.total_score}
    )
    application = assignment.application
    pending = application.reviews.exclude(status__in=[ReviewStatus.SUBMITTED, ReviewStatus.DECLINED]).exists()
    if not pending:
        notify(
            recipients=officers_for(application.call.issuing_region),
            subject=_("评审已全部完成：%(title)s") % {"title": application.title},
            url=f"/programs/work/applications/{application.pk}/",
        )
    return assignment
