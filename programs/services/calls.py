"""Creating, editing, publishing and cancelling calls."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log, field_changes, snapshot
from core.dates import validate_plausible_date
from core.models import User
from core.money import format_money
from core.notifications import notify
from core.permissions import require
from core.workflow import Workflow

from ..models import (
    MIN_REVIEWERS,
    ApplicationStatus,
    Call,
    CallAttachment,
    CallStatus,
    CriterionScore,
    RubricCriterion,
    TrancheTemplate,
)
from ..signals import call_cancelled, call_published, send_on_commit

CALL_WORKFLOW = Workflow(
    "call",
    {
        (CallStatus.DRAFT, "publish"): CallStatus.PUBLISHED,
        (CallStatus.DRAFT, "cancel"): CallStatus.CANCELLED,
        (CallStatus.PUBLISHED, "cancel"): CallStatus.CANCELLED,
    },
    labels=dict(CallStatus.choices),
    action_labels={"publish": _("发布"), "cancel": _("撤销")},
)

HUNDRED = Decimal("100")


def call_rule_errors(call: Call, *, criteria=None, tranches=None) -> dict[str, list[str]]:
    """Every rule the call breaks, keyed by field (``rubric`` and ``tranches`` for the two tables)."""
    errors: dict[str, list[str]] = {}
    for name in ("opens_at", "closes_at"):
        try:
            validate_plausible_date(getattr(call, name))
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
    if not errors and call.opens_at and call.closes_at and call.closes_at <= call.opens_at:
        errors.setdefault("closes_at", []).append(_("申报截止时间必须晚于申报开始时间。"))
    if call.min_reviewers is None or call.min_reviewers < MIN_REVIEWERS:
        errors.setdefault("min_reviewers", []).append(
            _("每个申报最少评审专家数：至少为 %(n)s，立项前必须有专家评审。") % {"n": MIN_REVIEWERS}
        )
    if call.per_project_cap is not None and call.total_budget is not None:
        if call.per_project_cap <= 0:
            errors.setdefault("per_project_cap", []).append(_("单个项目上限必须大于 0。"))
        elif call.per_project_cap > call.total_budget:
            errors.setdefault("per_project_cap", []).append(_("单个项目上限不能超过资金总额。"))
    if call.total_budget is not None and call.total_budget <= 0:
        errors.setdefault("total_budget", []).append(_("资金总额必须大于 0。"))
    elif call.pk and call.total_budget is not None:
        shares_total = sum((share.amount for share in call.funding_shares.all()), Decimal(0))
        if shares_total and shares_total != call.total_budget:
            errors.setdefault("total_budget", []).append(
                _("资金来源构成合计 %(shares)s 元，与资金总额不一致：请同时调整资金来源构成。")
                % {"shares": format_money(shares_total)}
            )
    if call.contract_months is not None and not 1 <= call.contract_months <= call.max_contract_months:
        errors.setdefault("contract_months", []).append(
            _("合同期限必须在 1 到 %(max)s 个月之间（持续性服务项目最长 36 个月，其他项目最长 12 个月）。")
            % {"max": call.max_contract_months}
        )
    criteria = list(call.rubric_criteria.all()) if criteria is None else criteria
    tranches = list(call.tranche_templates.all()) if tranches is None else tranches
    if not criteria:
        errors.setdefault("rubric", []).append(_("评分标准：至少需要一个评分项。"))
    else:
        weight = sum((Decimal(c.weight) for c in criteria), Decimal("0"))
        if weight != HUNDRED:
            errors.setdefault("rubric", []).append(
                _("评分标准：各评分项分值合计必须为 100，当前为 %(total)s。")
                % {"total": format(weight.normalize(), "f")}
            )
    if not tranches:
        errors.setdefault("tranches", []).append(_("拨付节点：至少需要一个拨付节点。"))
    else:
        share = sum((Decimal(t.percentage) for t in tranches), Decimal("0"))
        if share != HUNDRED:
            errors.setdefault("tranches", []).append(
                _("拨付节点：各节点拨付比例合计必须为 100%%，当前为 %(total)s%%。")
                % {"total": format(share.normalize(), "f")}
            )
        late = [t.title for t in tranches if call.contract_months and t.due_after_months > call.contract_months]
        if late:
            errors.setdefault("tranches", []).append(
                _("拨付节点：%(titles)s 的时间超出合同期限 %(months)s 个月。")
                % {"titles": "、".join(late), "months": call.contract_months}
            )
    return errors


# The call's own fields whose value before and after an edit the audit event records.
AUDITED_FIELDS = (
    "title",
    "issuing_region_id",
    "issuing_bureau",
    "summary",
    "funding_source",
    "brand_program_id",
    "total_budget",
    "per_project_cap",
    "opens_at",
    "closes_at",
    "min_rating",
    "min_years_registered",
    "require_annual_status_passed",
    "require_service_region_inside",
    "min_reviewers",
    "is_continuing_service",
    "contract_months",
    "notice_working_days",
)


def rubric_is_frozen(call: Call) -> bool:
    """Whether a reviewer has scored against the call's rubric. Its criteria then stay exactly as they are: the scores
    point at them, and a changed rubric would make the ranking compare unlike scores."""
    return call.pk is not None and CriterionScore.objects.filter(criterion__call_id=call.pk).exists()


def _rubric_key(criteria) -> list[tuple]:
    return [(c.name, Decimal(c.weight).normalize(), c.description or "") for c in criteria]


def _rubric_audit(criteria) -> list[list]:
    """The rubric as an audit event records it, before and after an edit."""
    return [[name, str(weight), description] for name, weight, description in _rubric_key(criteria)]


def _replace_criteria(call, criteria):
    call.rubric_criteria.all().delete()
    for order, c in enumerate(criteria):
        RubricCriterion.objects.create(call=call, order=order, name=c.name, weight=c.weight, description=c.description)


def _replace_tranches(call, tranches):
    call.tranche_templates.all().delete()
    for order, t in enumerate(tranches):
        TrancheTemplate.objects.create(
            call=call,
            order=order,
            title=t.title,
            percentage=t.percentage,
            due_after_months=t.due_after_months,
            deliverables=t.deliverables,
        )


@transaction.atomic
def call_save(
    *,
    call: Call,
    actor,
    criteria: list[RubricCriterion] | None = None,
    tranches: list[TrancheTemplate] | None = None,
    child_categories=None,
    service_types=None,
) -> Call:
    """Create or edit a call with its rubric and tranche template: the one write path for the work portal and the
    Wagtail admin. ``call`` is an unsaved or changed instance; ``criteria`` and ``tranches`` replace the stored rows
    (None keeps them). Once any score exists the rubric is frozen: a different one is refused, the stored one kept.
    The call row is locked while the budget is checked against approved amounts. Nothing is written if any rule is
    broken; the audit event of an edit records every changed field, before and after."""
    require(actor, "programs.call_manage", call.issuing_region)
    creating = call.pk is None
    before: dict = {}
    if not creating:
        # Decisions lock the call row too, so the approved total cannot grow while the budget is being lowered.
        stored = Call.objects.select_for_update().get(pk=call.pk)
        require(actor, "programs.call_manage", stored)
        if stored.status == CallStatus.CANCELLED:
            raise ValidationError(_("已撤销的申报指南不能修改。"))
        call.status = stored.status
        before = snapshot(stored, (*AUDITED_FIELDS, "child_categories", "service_types"))
    stored_criteria = [] if creating else list(call.rubric_criteria.all())
    before["rubric"] = _rubric_audit(stored_criteria)
    stored_tranches = [] if creating else list(call.tranche_templates.all())
    frozen = rubric_is_frozen(call)
    errors: dict[str, list[str]] = {}
    if frozen and criteria is not None and _rubric_key(criteria) != _rubric_key(stored_criteria):
        errors["rubric"] = [_("评分标准：已有评审专家按此标准打分，评分标准已冻结，不能修改。")]
    new_criteria = None if frozen else criteria
    effective_criteria = stored_criteria if new_criteria is None else new_criteria
    effective_tranches = stored_tranches if tranches is None else tranches
    for field, messages in call_rule_errors(call, criteria=effective_criteria, tranches=effective_tranches).items():
        errors.setdefault(field, []).extend(messages)
    if not creating and call.total_budget is not None:
        from .decisions import approved_total

        approved = approved_total(call)
        if call.total_budget < approved:
            errors.setdefault("total_budget", []).append(
                _("资金总额：不能少于已立项金额 %(approved)s 元。") % {"approved": format_money(approved)}
            )
    if call.status == CallStatus.DRAFT and not (effective_criteria and effective_tranches):
        # A draft may be saved while its tables are still being built; the rules are enforced when it is published.
        errors = {k: v for k, v in errors.items() if k not in ("rubric", "tranches") or (k == "rubric" and frozen)}
    if errors:
        raise ValidationError(errors)
    if creating:
        call.created_by = actor
    call.save()
    if child_categories is not None:
        call.child_categories.set(child_categories)
    if service_types is not None:
        call.service_types.set(service_types)
    if new_criteria is not None:
        _replace_criteria(call, new_criteria)
    if tranches is not None:
        _replace_tranches(call, tranches)
    details = {"title": call.title, "total_budget": call.total_budget, "per_project_cap": call.per_project_cap}
    after = snapshot(call, (*AUDITED_FIELDS, "child_categories", "service_types"))
    after["rubric"] = _rubric_audit(effective_criteria)
    audit_log(
        actor=actor,
        action="programs.call_create" if creating else "programs.call_update",
        target=call,
        details=details,
        changes=field_changes({} if creating else before, after),
    )
    return call


@transaction.atomic
def call_publish(*, call: Call, actor) -> Call:
    """Publish a draft call; refused while its rubric or tranche template is invalid. After commit, ``call_published``
    tells the public site to publish a page for it."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    require(actor, "programs.call_manage", call)
    before = snapshot(call, ["status", "published_at"])
    call.status = CALL_WORKFLOW.next_state(call.status, "publish")
    errors = call_rule_errors(call)
    if errors:
        raise ValidationError(errors)
    call.published_at = timezone.now()
    call.save(update_fields=["status", "published_at", "updated_at"])
    changes = field_changes(before, snapshot(call, ["status", "published_at"]))
    audit_log(actor=actor, action="programs.call_publish", target=call, changes=changes)
    send_on_commit(call_published, sender=Call, call=call, actor=actor)
    return call


@transaction.atomic
def call_cancel(*, call: Call, actor, reason: str) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    require(actor, "programs.call_manage", call)
    if not reason.strip():
        raise ValidationError({"reason": _("撤销理由：必须填写。")})
    previous = call.status
    call.status = CALL_WORKFLOW.next_state(call.status, "cancel")
    if call.applications.filter(status=ApplicationStatus.APPROVED).exists():
        raise ValidationError(_("已有立项项目的申报指南不能撤销。"))
    call.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="programs.call_cancel",
        target=call,
        details={"reason": reason},
        changes=field_changes({"status": previous}, {"status": call.status}),
    )
    # Organizations with an application to the call learn that it is void, and why.
    notify(
        recipients=User.objects.filter(
            is_active=True,
            memberships__organization__in=call.applications.exclude(status=ApplicationStatus.WITHDRAWN).values(
                "organization"
            ),
        ).distinct(),
        subject=_("申报指南已撤销：%(title)s") % {"title": call.title},
        body=_("撤销理由：%(reason)s") % {"reason": reason.strip()},
        url="/programs/applications/",
    )
    send_on_commit(call_cancelled, sender=Call, call=call, actor=actor)
    return call


@transaction.atomic
def call_attach(*, call: Call, actor, title: str, upload) -> CallAttachment:
    """Attach a document (already checked by ``core.uploads.validate_document``) to a call."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    require(actor, "programs.call_manage", call)
    attachment = CallAttachment.objects.create(call=call, title=title, file=upload)
    audit_log(actor=actor, action="programs.call_attach", target=call, details={"attachment": title})
    return attachment
