"""Third-party evaluation: an officer assigns, the evaluator reports and scores, an officer publishes."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.dates import validate_plausible_date
from core.notifications import notify
from core.permissions import require
from core.uploads import OFFICE_DOCUMENTS, validate_document

from ..models import (
    Evaluation,
    EvaluationKind,
    EvaluationStatus,
    Grant,
    GrantStatus,
    MilestoneStatus,
    grade_for_score,
)


def _evaluation_url(evaluation) -> str:
    return reverse("grants:evaluation_detail", args=[evaluation.pk])


def _too_early_reason(grant: Grant, kind: str) -> str | None:
    """A mid-term evaluation needs something to evaluate (the first milestone approved); a final one needs the work
    done (the last milestone approved, or the grant completed). Otherwise a "final" result could be published the day
    the contract was signed."""
    if kind == EvaluationKind.FINAL and grant.status == GrantStatus.COMPLETED:
        return None
    milestones = list(grant.milestones.order_by("order").values_list("order", "status"))
    if not milestones:
        return None
    done = {MilestoneStatus.APPROVED, MilestoneStatus.PAID}
    if kind == EvaluationKind.MIDTERM and milestones[0][1] not in done:
        return _("中期评估须在第一个节点审核通过后指派。")
    if kind == EvaluationKind.FINAL and milestones[-1][1] not in done:
        return _("末期评估须在最后一个节点审核通过（或项目结项）后指派。")
    return None


def evaluation_assign(
    *, grant: Grant, kind: str, evaluator, actor, due_date: datetime.date | None = None
) -> Evaluation:
    """Assign a third-party evaluator to a grant for its mid-term or final evaluation (one of each per grant)."""
    with transaction.atomic():
        grant = Grant.objects.select_for_update().select_related("issuing_region", "organization").get(pk=grant.pk)
        require(actor, "grants.evaluation_assign", grant)
        if not evaluator.is_evaluator or not evaluator.is_active:
            raise ValidationError({"evaluator": [_("所选用户不是第三方评估人员。")]})
        if grant.evaluations.filter(kind=kind).exists():
            raise ValidationError({"kind": [_("该项目已经指派过这一类评估。")]})
        errors: dict[str, list] = {}
        timing = _too_early_reason(grant, kind)
        if timing:
            errors["kind"] = [timing]
        if due_date is not None:
            try:
                validate_plausible_date(due_date)
            except ValidationError as error:
                errors["due_date"] = error.messages
            else:
                if due_date < timezone.localdate():
                    errors["due_date"] = [_("完成期限不能早于今天。")]
        if errors:
            raise ValidationError(errors)
        evaluation = Evaluation.objects.create(
            grant=grant, kind=kind, evaluator=evaluator, assigned_by=actor, due_date=due_date
        )
        audit_log(
            actor=actor,
            action="evaluation.assign",
            target=grant,
            details={"evaluation": evaluation.pk, "kind": kind, "evaluator": evaluator.username},
        )
        notify(
            recipients=[evaluator],
            subject=_("评估任务：%(grant)s（%(kind)s）")
            % {"grant": grant.title, "kind": evaluation.get_kind_display()},
            url=_evaluation_url(evaluation),
        )
    return evaluation


def _parse_score(score) -> Decimal:
    try:
        value = Decimal(str(score)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"score": [_("得分必须是 0 到 100 之间的数字。")]}) from None
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"score": [_("得分必须在 0 到 100 之间，您填写的是 %(score)s。") % {"score": score}]})
    return value


def evaluation_submit(*, evaluation: Evaluation, actor, score, summary: str, report=None) -> Evaluation:
    """The assigned evaluator enters score, summary and report; the grade follows from the score. Resubmitting before
    publication replaces the earlier entry."""
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().select_related("grant").get(pk=evaluation.pk)
        require(actor, "grants.evaluation_submit", evaluation)
        errors: dict[str, list] = {}
        try:
            value = _parse_score(score)
        except ValidationError as error:
            errors.update(error.message_dict)
        if not (summary or "").strip():
            errors["summary"] = [_("请填写可公开的评估摘要。")]
        if report:
            try:
                validate_document(report, allowed=OFFICE_DOCUMENTS)
            except ValidationError as error:
                errors["report"] = error.messages
        elif not evaluation.report:
            errors["report"] = [_("请上传评估报告（PDF）。")]
        if errors:
            raise ValidationError(errors)
        if report:
            evaluation.report = report
        evaluation.score = value
        evaluation.grade = grade_for_score(value)
        evaluation.summary = summary.strip()
        evaluation.status = EvaluationStatus.SUBMITTED
        evaluation.submitted_at = timezone.now()
        evaluation.save()
        audit_log(
            actor=actor,
            action="evaluation.submit",
            target=evaluation.grant,
            details={"evaluation": evaluation.pk, "kind": evaluation.kind, "score": value, "grade": evaluation.grade},
        )
        notify(
            recipients=[evaluation.assigned_by],
            subject=_("评估已提交：%(evaluation)s") % {"evaluation": evaluation},
            url=_evaluation_url(evaluation),
        )
    return evaluation


def evaluation_publish(*, evaluation: Evaluation, actor) -> Evaluation:
    """Make a submitted evaluation public: from now on its grade, score and summary are on the public project page."""
    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("grant", "grant__issuing_region")
            .get(pk=evaluation.pk)
        )
        require(actor, "grants.evaluation_publish", evaluation)
        if evaluation.status != EvaluationStatus.SUBMITTED:
            raise ValidationError(
                _("只有已提交的评估可以公开，当前状态为“%(status)s”。") % {"status": evaluation.get_status_display()}
            )
        evaluation.status = EvaluationStatus.PUBLISHED
        evaluation.published_at = timezone.now()
        evaluation.published_by = actor
        evaluation.save(update_fields=["status", "published_at", "published_by"])
        audit_log(
            actor=actor,
            action="evaluation.publish",
            target=evaluation.grant,
            details={"evaluation": evaluation.pk, "kind": evaluation.kind, "grade": evaluation.grade},
        )
    return evaluation
