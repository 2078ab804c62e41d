"""Award decisions (立项决定) and their public notice (立项公示)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log, field_changes, snapshot
from core.calendar import add_working_days
from core.dates import validate_plausible_date
from core.money import format_money
from core.notifications import notify

from ..models import MIN_REVIEWERS, Application, ApplicationStatus, Call, PublicNotice, ReviewStatus
from ..workflows import Action, check_move
from .recipients import organization_members

# What a decision changes on the application; its audit event records each before and after.
DECISION_FIELDS = ("status", "approved_amount", "decision_reason", "decided_at", "decided_by")


def approved_total(call: Call, *, exclude: Application | None = None) -> Decimal:
    qs = call.applications.filter(status=ApplicationStatus.APPROVED)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.aggregate(total=Sum("approved_amount"))["total"] or Decimal("0.00")


def remaining_budget(call: Call) -> Decimal:
    return call.total_budget - approved_total(call)


def _lock_for_decision(application):
    # Lock the call row first: every decision on the call queues here, so two officers approving at once cannot
    # both see the same remaining budget.
    call_id = Application.objects.values_list("call_id", flat=True).get(pk=application.pk)
    call = Call.objects.select_for_update().get(pk=call_id)
    application = Application.objects.select_for_update().select_related("organization").get(pk=application.pk)
    application.call = call
    return application


def _notify_decision(application):
    notify(
        recipients=organization_members(application.organization),
        subject=_("立项结果：%(title)s — %(status)s")
        % {"title": application.title, "status": application.get_status_display()},
        body=application.decision_reason,
        url=f"/programs/applications/{application.pk}/",
    )


def _reviews_complete(application) -> list[str]:
    """Why the application may not be decided yet: fewer submitted reviews than the call requires. Never fewer than
    one, whatever a call row says (a call stored with 0 before the rule existed must not allow a decision unseen)."""
    required = max(application.call.min_reviewers, MIN_REVIEWERS)
    submitted = application.reviews.filter(status=ReviewStatus.SUBMITTED).count()
    if submitted < required:
        return [_("评审：至少需要 %(n)s 份已提交的评审意见，当前 %(have)s 份。") % {"n": required, "have": submitted}]
    return []


def call_still_open(call: Call, now: datetime.datetime | None = None) -> list[str]:
    """Why no decision or notice may be made on ``call`` yet: it has not closed. Every application is judged against
    the others that answered the same call, so nothing is decided while more may still arrive (no early decisions;
    docs/programs.md)."""
    now = now or timezone.now()
    if now < call.closes_at:
        closes = timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")
        return [
            _("申报尚未截止（%(closes)s 截止）：立项决定和立项公示须等申报截止后，所有申报书一并比较再作出。")
            % {"closes": closes}
        ]
    return []


@transaction.atomic
def application_approve(*, application: Application, actor, amount: Decimal, reason: str) -> Application:
    """Approve with an amount; the call's approved total can never exceed its budget."""
    application = _lock_for_decision(application)
    new_status = check_move(application=application, action=Action.APPROVE, actor=actor)
    call = application.call
    errors: dict[str, list[str]] = {}
    amount = Decimal(amount)
    if amount <= 0:
        errors["amount"] = [_("立项金额：必须大于 0。")]
    elif amount > call.per_project_cap:
        errors["amount"] = [
            _("立项金额：%(amount)s 元超过单个项目上限 %(cap)s 元。")
            % {"amount": format_money(amount), "cap": format_money(call.per_project_cap)}
        ]
    elif amount > application.requested_amount:
        errors["amount"] = [
            _("立项金额：%(amount)s 元超过申请金额 %(requested)s 元。")
            % {"amount": format_money(amount), "requested": format_money(application.requested_amount)}
        ]
    else:
        remaining = call.total_budget - approved_total(call, exclude=application)
        if amount > remaining:
            errors["amount"] = [
                _("立项金额：%(amount)s 元超过本指南剩余资金 %(remaining)s 元（资金总额 %(total)s 元）。")
                % {
                    "amount": format_money(amount),
                    "remaining": format_money(remaining),
                    "total": format_money(call.total_budget),
                }
            ]
    if not reason.strip():
        errors["reason"] = [_("决定理由：必须填写。")]
    incomplete = call_still_open(call) + _reviews_complete(application)
    if incomplete:
        errors.setdefault("__all__", []).extend(incomplete)
    if errors:
        raise ValidationError(errors)
    before = snapshot(application, DECISION_FIELDS)
    application.status = new_status
    application.approved_amount = amount
    application.decision_reason = reason.strip()
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.save(
        update_fields=["status", "approved_amount", "decision_reason", "decided_at", "decided_by", "updated_at"]
    )
    audit_log(
        actor=actor,
        action="programs.application_approve",
        target=application,
        details={"amount": amount},
        changes=field_changes(before, snapshot(application, DECISION_FIELDS)),
    )
    _notify_decision(application)
    return application


@transaction.atomic
def application_reject(*, application: Application, actor, reason: str) -> Application:
    application = _lock_for_decision(application)
    new_status = check_move(application=application, action=Action.REJECT, actor=actor)
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [_("决定理由：不予立项必须写明理由。")]
    incomplete = call_still_open(application.call) + _reviews_complete(application)
    if incomplete:
        errors["__all__"] = incomplete
    if errors:
        raise ValidationError(errors)
    before = snapshot(application, DECISION_FIELDS)
    application.status = new_status
    application.decision_reason = reason.strip()
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.save(update_fields=["status", "decision_reason", "decided_at", "decided_by", "updated_at"])
    audit_log(
        actor=actor,
        action="programs.application_reject",
        target=application,
        details={"reason": reason},
        changes=field_changes(before, snapshot(application, DECISION_FIELDS)),
    )
    _notify_decision(application)
    return application


@transaction.atomic
def notice_publish(*, call: Call, actor, text: str = "", starts_on: datetime.date | None = None) -> PublicNotice:
    """Publish the award results not yet announced as a public notice running ``call.notice_working_days``."""
    from core.permissions import require

    call = Call.objects.select_for_update().get(pk=call.pk)
    require(actor, "programs.call_manage", call)
    pending = list(
        call.applications.filter(status=ApplicationStatus.APPROVED, public_notices__isnull=True).select_related(
            "organization"
        )
    )
    still_open = call_still_open(call)
    if still_open:
        raise ValidationError(still_open)
    if not pending:
        raise ValidationError(_("没有待公示的立项项目。"))
    for application in pending:
        application.call = call
        # An officer who is or was a member of an awarded organization leaves its notice to a colleague.
        require(actor, "programs.application_announce", application)
    today = timezone.localdate()
    starts_on = starts_on or today
    if starts_on < today:
        # A backdated notice would end early and let grants be signed before the public had its full period.
        raise ValidationError({"starts_on": [_("公示开始日期：不能早于今天。")]})
    try:
        validate_plausible_date(starts_on)
    except ValidationError as error:
        raise ValidationError({"starts_on": [_("公示开始日期：%(reason)s") % {"reason": error.messages[0]}]}) from None
    notice = PublicNotice.objects.create(
        call=call,
        starts_on=starts_on,
        ends_on=add_working_days(starts_on, call.notice_working_days),
        published_at=timezone.now(),
        published_by=actor,
        text=text,
    )
    notice.applications.set(pending)
    audit_log(
        actor=actor,
        action="programs.notice_publish",
        target=call,
        details={"notice": notice.pk, "applications": [a.pk for a in pending], "ends_on": notice.ends_on},
    )
    for application in pending:
        notify(
            recipients=organization_members(application.organization),
            subject=_("立项公示已发布：%(title)s") % {"title": application.title},
            body=_("公示期 %(start)s 至 %(end)s。") % {"start": notice.starts_on, "end": notice.ends_on},
            url=f"/programs/applications/{application.pk}/",
        )
    return notice
