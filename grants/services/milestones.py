"""The milestone workflow: schedule changes, submission, review, four-eyes payment release and reminders."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log, field_changes, snapshot
from core.dates import validate_plausible_date
from core.models import Notification
from core.money import format_money
from core.notifications import notify
from core.permissions import require
from core.uploads import OFFICE_DOCUMENTS, validate_document, validate_submission

from ..funding import record_payment_funding
from ..models import Grant, Milestone, MilestoneEvidence, MilestoneStatus, Payment
from ..models.grants import ACTIVE_STATUSES
from ..models.milestones import AWAITING_ORGANIZATION
from ..workflows import SUBMIT_ACTION, milestone_workflow
from .common import (
    milestone_url,
    nearest_officers,
    nearest_other_officers,
    organization_members,
    region_officers,
)
from .grants import grant_start_if_signed

# Reminder days relative to the due date: a week before, then 1, 3 and 7 days after (in this order).
REMINDER_OFFSETS = (-7, 1, 3, 7)
# A milestone this many days overdue is reported to the officers of the issuing region (once).
OFFICER_ALERT_DAYS = 14

# What a submission and a review change on a milestone; their audit events record each before and after.
SUBMIT_FIELDS = ("status", "narrative", "submitted_at", "submitted_by")
REVIEW_FIELDS = ("status", "review_comment", "reviewed_at", "approved_by")


def _lock(milestone: Milestone) -> Milestone:
    """Lock the grant, then the milestone (always in this order, so services never deadlock), and re-read both."""
    Grant.objects.select_for_update().get(pk=milestone.grant_id)
    return (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("grant", "grant__issuing_region", "grant__organization")
        .get(pk=milestone.pk)
    )


def milestone_schedule_update(*, milestone: Milestone, actor, due_date: datetime.date, deliverables: str) -> Milestone:
    """Change a milestone's due date and deliverables; allowed only before the grant's first milestone is submitted."""
    with transaction.atomic():
        milestone = _lock(milestone)
        grant = milestone.grant
        require(actor, "grants.manage", grant)
        if grant.milestones.filter(submitted_at__isnull=False).exists():
            raise ValidationError(_("该项目已有节点提交，节点的截止日期和交付要求不能再调整。"))
        try:
            validate_plausible_date(due_date)
        except ValidationError as error:
            raise ValidationError({"due_date": error.messages}) from None
        if not grant.start_date <= due_date <= grant.end_date:
            raise ValidationError(
                {
                    "due_date": [
                        _("截止日期必须在合同期内（%(start)s 至 %(end)s）。")
                        % {"start": grant.start_date, "end": grant.end_date}
                    ]
                }
            )
        before = {"due_date": milestone.due_date, "deliverables": milestone.deliverables}
        milestone.due_date = due_date
        milestone.deliverables = deliverables
        milestone.save(update_fields=["due_date", "deliverables"])
        audit_log(
            actor=actor,
            action="milestone.schedule_update",
            target=milestone,
            details={"before": before, "after": {"due_date": due_date, "deliverables": deliverables}},
            changes=field_changes(before, {"due_date": due_date, "deliverables": deliverables}),
        )
    return milestone


def milestone_submit(*, milestone: Milestone, actor, narrative: str, evidence_files: list) -> Milestone:
    """The organization submits (or resubmits after a return) its narrative and evidence for a milestone."""
    with transaction.atomic():
        milestone = _lock(milestone)
        require(actor, "grants.milestone_submit", milestone)
        action = SUBMIT_ACTION.get(milestone.status, "submit")
        new_status = milestone_workflow.next_state(milestone.status, action)
        errors: dict[str, list] = {}
        if not (narrative or "").strip():
            errors["narrative"] = [_("请填写本节点的进展说明。")]
        try:
            validate_submission(evidence_files)
        except ValidationError as error:
            errors.setdefault("evidence", []).extend(error.messages)
        for upload in evidence_files:
            try:
                validate_document(upload, allowed=OFFICE_DOCUMENTS)
            except ValidationError as error:
                errors.setdefault("evidence", []).extend(error.messages)
        if not evidence_files and not milestone.evidence.exists():
            errors.setdefault("evidence", []).append(_("请上传至少一份佐证材料（PDF、JPG 或 PNG）。"))
        if errors:
            raise ValidationError(errors)
        for upload in evidence_files:
            MilestoneEvidence.objects.create(
                milestone=milestone, file=upload, original_name=upload.name[:200], uploaded_by=actor
            )
        before = snapshot(milestone, SUBMIT_FIELDS)
        milestone.status = new_status
        milestone.narrative = narrative.strip()
        milestone.submitted_at = timezone.now()
        milestone.submitted_by = actor
        milestone.save(update_fields=["status", "narrative", "submitted_at", "submitted_by"])
        grant_start_if_signed(grant=milestone.grant, actor=actor)
        audit_log(
            actor=actor,
            action=f"milestone.{action}",
            target=milestone,
            # The narrative is kept with the event: a resubmission overwrites the milestone's own copy, and the
            # organization and the officer still need to read what was first submitted (the milestone's history).
            details={"narrative": milestone.narrative, "evidence": [upload.name for upload in evidence_files]},
            changes=field_changes(before, snapshot(milestone, SUBMIT_FIELDS)),
        )
        notify(
            recipients=region_officers(milestone.grant.issuing_region),
            subject=_("节点待审核：%(milestone)s") % {"milestone": milestone},
            body=milestone.narrative[:500],
            url=milestone_url(milestone),
        )
    return milestone


def _review(*, milestone: Milestone, actor, action: str, comment: str) -> Milestone:
    with transaction.atomic():
        milestone = _lock(milestone)
        require(actor, "grants.milestone_review", milestone)
        new_status = milestone_workflow.next_state(milestone.status, action)
        comment = (comment or "").strip()
        if action == "return" and not comment:
            raise ValidationError({"comment": [_("退回时请填写审核意见，说明需要补充或修改的内容。")]})
        before = snapshot(milestone, REVIEW_FIELDS)
        milestone.status = new_status
        milestone.review_comment = comment
        milestone.reviewed_at = timezone.now()
        milestone.approved_by = actor if action == "approve" else None
        milestone.save(update_fields=["status", "review_comment", "reviewed_at", "approved_by"])
        audit_log(
            actor=actor,
            action=f"milestone.{action}",
            target=milestone,
            details={"comment": comment},
            changes=field_changes(before, snapshot(milestone, REVIEW_FIELDS)),
        )
        subject = _("节点已审核通过：%(milestone)s") if action == "approve" else _("节点被退回：%(milestone)s")
        notify(
            recipients=organization_members(milestone.grant.organization),
            subject=subject % {"milestone": milestone},
            body=comment,
            url=milestone_url(milestone),
        )
        if action == "approve":
            # Four eyes: the tranche now waits for another officer, who should hear of it without hunting for it.
            notify(
                recipients=nearest_other_officers(milestone.grant.issuing_region, exclude=actor),
                subject=_("节点待拨付：%(milestone)s") % {"milestone": milestone},
                body=_("%(approver)s 已审核通过，拨付金额 %(amount)s 元，须由另一位项目官员办理拨付。")
                % {"approver": actor.display_name, "amount": format_money(milestone.payment_amount)},
                url=milestone_url(milestone),
            )
    return milestone


def milestone_approve(*, milestone: Milestone, actor, comment: str = "") -> Milestone:
    """An officer accepts a submitted milestone; its tranche then waits for a second officer to release it."""
    return _review(milestone=milestone, actor=actor, action="approve", comment=comment)


def milestone_return(*, milestone: Milestone, actor, comment: str) -> Milestone:
    """An officer returns a submitted milestone with comments; the organization resubmits."""
    return _review(milestone=milestone, actor=actor, action="return", comment=comment)


def _voucher_taken(voucher_number: str) -> bool:
    return Payment.objects.filter(voucher_number=voucher_number).exists()


def _voucher_used(voucher_number: str) -> str:
    return _("凭证号“%(voucher)s”已被使用，请核对后填写本次拨付的凭证号。") % {"voucher": voucher_number}


def _paid_on_error(milestone: Milestone, paid_on: datetime.date | None) -> str | None:
    """Why ``paid_on`` cannot be the payment date: money leaves after the contract starts and after the milestone was
    approved, and never on a day still to come."""
    if paid_on is None:
        return _("请填写拨付日期。")
    try:
        validate_plausible_date(paid_on)
    except ValidationError as error:
        return error.messages[0]
    today = timezone.localdate()
    start = milestone.grant.start_date
    if today < start:
        return _("合同自 %(start)s 开始，开始之前不能拨付。") % {"start": start}
    if paid_on > today:
        return _("拨付日期不能晚于今天。")
    if paid_on < start:
        return _("拨付日期 %(date)s 早于合同开始日期 %(start)s。") % {"date": paid_on, "start": start}
    approved_on = timezone.localdate(milestone.reviewed_at) if milestone.reviewed_at else None
    if approved_on and paid_on < approved_on:
        return _("拨付日期 %(date)s 早于节点审核通过的日期 %(approved)s。") % {"date": paid_on, "approved": approved_on}
    return None


def milestone_release(*, milestone: Milestone, actor, paid_on: datetime.date, voucher_number: str) -> Payment:
    """Release an approved milestone's tranche, exactly once: the row lock makes a second officer clicking at the same
    moment wait, re-read the milestone as paid, and be refused. The approver may not release (four eyes)."""
    voucher_number = (voucher_number or "").strip()
    with transaction.atomic():
        milestone = _lock(milestone)
        require(actor, "grants.milestone_release", milestone)
        if milestone.status == MilestoneStatus.PAID:
            payment = milestone.payment
            raise ValidationError(
                _("该节点款项已于 %(date)s 拨付（凭证号 %(voucher)s），不能重复拨付。")
                % {"date": payment.paid_on, "voucher": payment.voucher_number},
                code="already_paid",
            )
        milestone_workflow.next_state(milestone.status, "release")
        errors: dict[str, list] = {}
        if not voucher_number:
            errors["voucher_number"] = [_("请填写拨付凭证号。")]
        elif _voucher_taken(voucher_number):
            errors["voucher_number"] = [_voucher_used(voucher_number)]
        paid_on_error = _paid_on_error(milestone, paid_on)
        if paid_on_error:
            errors["paid_on"] = [paid_on_error]
        if errors:
            raise ValidationError(errors)
        try:
            # A second release with the same voucher number committed between our check and this insert: the unique
            # constraint refuses it; the savepoint keeps the transaction usable and the user gets the same message.
            with transaction.atomic():
                payment = Payment.objects.create(
                    milestone=milestone,
                    amount=milestone.payment_amount,
                    paid_on=paid_on,
                    voucher_number=voucher_number,
                    released_by=actor,
                )
        except IntegrityError:
            if Payment.objects.filter(voucher_number=voucher_number).exists():
                raise ValidationError({"voucher_number": [_voucher_used(voucher_number)]}) from None
            raise
        shares = record_payment_funding(payment)
        previous = milestone.status
        milestone.status = milestone_workflow.next_state(milestone.status, "release")
        milestone.save(update_fields=["status"])
        audit_log(
            actor=actor,
            action="milestone.release",
            target=milestone,
            details={
                "amount": payment.amount,
                "paid_on": paid_on,
                "voucher_number": voucher_number,
                "funding": {share.source: share.amount for share in shares},
            },
            changes=field_changes(
                {"status": previous, "payment": None}, {"status": milestone.status, "payment": payment.pk}
            ),
        )
        notify(
            recipients=organization_members(milestone.grant.organization),
            subject=_("款项已拨付：%(milestone)s") % {"milestone": milestone},
            body=_("拨付金额 %(amount)s 元，拨付日期 %(date)s，凭证号 %(voucher)s。")
            % {"amount": format_money(payment.amount), "date": paid_on, "voucher": voucher_number},
            url=milestone_url(milestone),
        )
    return payment


def _reminder_stage(days_past_due: int) -> int | None:
    """The latest reminder stage reached ``days_past_due`` days after the due date (negative: before it), or None
    before the first one. A day the scheduler missed is caught up by the next run: it sends this stage."""
    reached = [offset for offset in REMINDER_OFFSETS if offset <= days_past_due]
    return max(reached) if reached else None


def _reminder_key(milestone: Milestone, offset: int) -> str:
    return f"grants:milestone:{milestone.pk}:reminder:{offset:+d}"


def _escalation_key(milestone: Milestone) -> str:
    return f"grants:milestone:{milestone.pk}:overdue-officers"


def milestone_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind organizations of milestones due in 7 days or 1, 3 and 7 days overdue, and tell the officers of the issuing
    region once a milestone is more than ``OFFICER_ALERT_DAYS`` days overdue. A run sends the latest stage reached that
    has not been sent, so a day on which the scheduler was down is caught up rather than lost; dedup keys (one per
    milestone and stage) make a second run send nothing. Returns how many notifications were created."""
    today = today or timezone.localdate()
    first_stage = today - datetime.timedelta(days=REMINDER_OFFSETS[0])
    milestones = list(
        Milestone.objects.filter(
            status__in=AWAITING_ORGANIZATION, grant__status__in=ACTIVE_STATUSES, due_date__lte=first_stage
        ).select_related("grant", "grant__organization", "grant__issuing_region")
    )
    due: list[tuple[Milestone, str, int]] = []
    for milestone in milestones:
        days = (today - milestone.due_date).days
        stage = _reminder_stage(days)
        if stage is not None:
            due.append((milestone, _reminder_key(milestone, stage), stage))
        if days > OFFICER_ALERT_DAYS:
            due.append((milestone, _escalation_key(milestone), days))
    # Milestones long overdue come back every day: one query says which of their keys were already used.
    sent = set(
        Notification.objects.filter(dedup_key__in=[key for _m, key, _s in due]).values_list("dedup_key", flat=True)
    )
    created = 0
    for milestone, key, stage in due:
        if key in sent:
            continue
        days = (today - milestone.due_date).days
        with transaction.atomic():
            if key == _escalation_key(milestone):
                created += len(
                    notify(
                        recipients=nearest_officers(milestone.grant.issuing_region),
                        subject=_("节点逾期超过 %(limit)s 天：%(milestone)s")
                        % {"limit": OFFICER_ALERT_DAYS, "milestone": milestone},
                        body=_("%(organization)s 的节点已逾期 %(days)s 天（截止日期 %(date)s），仍未提交材料，请跟进。")
                        % {"organization": milestone.grant.organization.name, "days": days, "date": milestone.due_date},
                        url=milestone_url(milestone),
                        dedup_key=key,
                    )
                )
                continue
            if stage < 0:
                subject = _("节点将于 %(date)s 到期：%(milestone)s")
            else:
                subject = _("节点已逾期 %(days)s 天：%(milestone)s")
            created += len(
                notify(
                    recipients=organization_members(milestone.grant.organization),
                    subject=subject % {"date": milestone.due_date, "days": days, "milestone": milestone},
                    body=_("请尽快提交节点进展说明和佐证材料。交付要求：%(deliverables)s")
                    % {"deliverables": milestone.deliverables or "—"},
                    url=milestone_url(milestone),
                    dedup_key=key,
                )
            )
    return created
