"""The applicant's side: create, save a draft, submit (freezing a version), resubmit, withdraw."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.money import format_money
from core.notifications import notify
from core.permissions import require

from ..eligibility import organization_failures, region_failures, submission_failures, time_failures
from ..models import (
    Application,
    ApplicationAttachment,
    ApplicationStatus,
    ApplicationVersion,
    BudgetLine,
    Call,
    PlannedChildren,
    PlannedServiceHours,
    TeamMember,
)
from ..workflows import Action, check_move
from .recipients import officers_for, organization_members


@dataclass
class ApplicationDraft:
    """Everything the applicant typed, as validated by the forms."""

    fields: dict
    budget_lines: list[dict] = field(default_factory=list)
    children: list[dict] = field(default_factory=list)
    hours: list[dict] = field(default_factory=list)
    team: list[dict] = field(default_factory=list)
    service_regions: list = field(default_factory=list)


def budget_total(lines: list[dict]) -> Decimal:
    """Sum of unit price × quantity, each rounded to the fen, in Decimal."""
    return sum(
        ((Decimal(line["unit_price"]) * Decimal(line["quantity"])).quantize(Decimal("0.01")) for line in lines),
        Decimal("0.00"),
    )


def draft_errors(call: Call, draft: ApplicationDraft) -> dict[str, list[str]]:
    """Rules a draft must already keep (a draft that breaks them is not saved; the form shows the input again)."""
    errors: dict[str, list[str]] = {}
    for number, line in enumerate(draft.budget_lines, start=1):
        if Decimal(line["unit_price"]) <= 0:
            errors.setdefault("budget_lines", []).append(
                _("预算第 %(n)s 行“%(item)s”：单价必须大于 0。") % {"n": number, "item": line.get("item", "")}
            )
        if Decimal(line["quantity"]) <= 0:
            errors.setdefault("budget_lines", []).append(
                _("预算第 %(n)s 行“%(item)s”：数量必须大于 0。") % {"n": number, "item": line.get("item", "")}
            )
    total = budget_total(draft.budget_lines)
    if total > call.per_project_cap:
        errors.setdefault("budget_lines", []).append(
            _("预算合计：%(total)s 元超过本指南单个项目上限 %(cap)s 元。")
            % {"total": format_money(total), "cap": format_money(call.per_project_cap)}
        )
    for failure in region_failures(call, draft.service_regions):
        errors.setdefault("service_regions", []).append(failure.message)
    months = draft.fields.get("duration_months")
    if months is not None and months > call.contract_months:
        errors.setdefault("duration_months", []).append(
            _("项目周期：%(months)s 个月超过本指南的合同期限 %(limit)s 个月。")
            % {"months": months, "limit": call.contract_months}
        )
    return errors


@transaction.atomic
def application_create(*, call: Call, organization, actor, title: str) -> Application:
    """Start a draft application to an open call for a verified organization."""
    require(actor, "programs.application_create", organization)
    failures = time_failures(call) + [f for f in organization_failures(call, organization) if f.rule == "verified"]
    if call.status != "published":
        failures.insert(0, _("该申报指南未发布。"))
    if failures:
        raise ValidationError([str(f) for f in failures])
    application = Application.objects.create(
        call=call,
        organization=organization,
        title=title,
        created_by=actor,
        duration_months=call.contract_months,
    )
    audit_log(actor=actor, action="programs.application_create", target=application, details={"call": call.pk})
    return application


@transaction.atomic
def application_save_draft(*, application: Application, actor, draft: ApplicationDraft) -> Application:
    """Replace the draft's content with what the applicant typed. All or nothing."""
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    require(actor, "programs.application_edit", application)
    errors = draft_errors(application.call, draft)
    foreign = [
        row["staff_member"].name
        for row in draft.team
        if row["staff_member"].organization_id != application.organization_id
    ]
    if foreign:
        raise ValidationError(
            {"team": _("项目团队：%(names)s 不在本组织的人员名册中。") % {"names": "、".join(foreign)}}
        )
    if errors:
        raise ValidationError(errors)
    for name, value in draft.fields.items():
        setattr(application, name, value)
    application.requested_amount = budget_total(draft.budget_lines)
    application.save()
    application.service_regions.set(draft.service_regions)
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(application=application, order=order, **line) for order, line in enumerate(draft.budget_lines)
    )
    application.planned_children.all().delete()
    PlannedChildren.objects.bulk_create(PlannedChildren(application=application, **row) for row in draft.children)
    application.planned_hours.all().delete()
    PlannedServiceHours.objects.bulk_create(PlannedServiceHours(application=application, **row) for row in draft.hours)
    application.team.all().delete()
    TeamMember.objects.bulk_create(TeamMember(application=application, **row) for row in draft.team)
    audit_log(
        actor=actor,
        action="programs.application_save_draft",
        target=application,
        details={"requested_amount": application.requested_amount},
    )
    return application


def snapshot(application: Application) -> dict:
    """A JSON-ready copy of everything the applicant submits, with labels rather than ids."""
    return {
        "title": application.title,
        "summary": application.summary,
        "duration_months": application.duration_months,
        "requested_amount": str(application.requested_amount),
        "service_regions": [r.name for r in application.service_regions.order_by("path")],
        "budget_lines": [
            {
                "category": line.get_category_display(),
                "item": line.item,
                "unit": line.unit,
                "unit_price": str(line.unit_price),
                "quantity": str(line.quantity),
                "total": str(line.total),
            }
            for line in application.budget_lines.all()
        ],
        "planned_children": {
            row.category.name: row.count for row in application.planned_children.select_related("category")
        },
        "planned_hours": {
            row.service_type.name: row.hours for row in application.planned_hours.select_related("service_type")
        },
        "planned_cases": application.planned_cases,
        "planned_groups": application.planned_groups,
        "planned_group_sessions": application.planned_group_sessions,
        "planned_events": application.planned_events,
        "outcome_targets": application.outcome_targets,
        "indicator_targets": [
            {
                "indicator": t.indicator.name,
                "unit": t.indicator.target_unit,
                "target_value": str(t.target_value),
                "note": t.note,
            }
            for t in application.indicator_targets.select_related("indicator")
        ],
        "team": [f"{m.staff_member.name}（{m.role}）" for m in application.team.select_related("staff_member")],
        "attachments": [a.title for a in application.attachments.all()],
    }


@transaction.atomic
def application_submit(*, application: Application, actor, now=None) -> Application:
    """Submit a draft, or resubmit a returned application: check every rule (listing each failure), freeze the
    content as a new version, and tell the officers."""
    application = Application.objects.select_for_update().select_related("call", "organization").get(pk=application.pk)
    action = Action.RESUBMIT if application.status == ApplicationStatus.RETURNED else Action.SUBMIT
    new_status = check_move(application=application, action=action, actor=actor)
    now = now or timezone.now()
    failures = submission_failures(application, now=now)
    if failures:
        raise ValidationError([f.message for f in failures], code="ineligible")
    application.version += 1
    application.status = new_status
    application.submitted_at = now
    application.save(update_fields=["version", "status", "submitted_at", "updated_at"])
    ApplicationVersion.objects.create(
        application=application,
        number=application.version,
        snapshot=snapshot(application),
        submitted_at=now,
        submitted_by=actor,
    )
    audit_log(
        actor=actor,
        action=f"programs.application_{action}",
        target=application,
        details={"version": application.version},
    )
    subject = _("新的项目申报：%(title)s") % {"title": application.title}
    notify(
        recipients=officers_for(application.call.issuing_region),
        subject=subject,
        body=_("%(org)s 提交了第 %(v)s 版申报书。") % {"org": application.organization.name, "v": application.version},
        url=f"/programs/work/applications/{application.pk}/",
    )
    notify(
        recipients=organization_members(application.organization),
        subject=_("申报书已提交：%(title)s") % {"title": application.title},
        url=f"/programs/applications/{application.pk}/",
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor) -> Application:
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    application.status = check_move(application=application, action=Action.WITHDRAW, actor=actor)
    application.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, action="programs.application_withdraw", target=application)
    return application


@transaction.atomic
def _check_attachment_limits(application: Application, upload) -> None:
    """An application is one submission: its attachments together stay within ``MAX_ATTACHMENTS_PER_APPLICATION``
    files and ``MAX_APPLICATION_ATTACHMENTS_SIZE`` bytes (each file is checked on its own by the upload field)."""
    existing = list(application.attachments.all())
    if len(existing) + 1 > settings.MAX_ATTACHMENTS_PER_APPLICATION:
        raise ValidationError(
            {
                "file": [
                    _("每份申报书最多 %(limit)s 个附件，已有 %(count)s 个：请先删除不需要的附件。")
                    % {"limit": settings.MAX_ATTACHMENTS_PER_APPLICATION, "count": len(existing)}
                ]
            }
        )
    total = sum(attachment.file.size for attachment in existing) + upload.size
    if total > settings.MAX_APPLICATION_ATTACHMENTS_SIZE:
        raise ValidationError(
            {
                "file": [
                    _("申报书附件合计 %(size)s，超过上限 %(limit)s。")
                    % {
                        "size": filesizeformat(total),
                        "limit": filesizeformat(settings.MAX_APPLICATION_ATTACHMENTS_SIZE),
                    }
                ]
            }
        )


def application_attachment_add(*, application: Application, actor, title: str, upload) -> ApplicationAttachment:
    """Attach a document (already checked by ``core.uploads.validate_document``) to an application the actor may
    still edit. The application row is locked, so an attachment cannot slip in while the application is being
    submitted and frozen as a version."""
    application = Application.objects.select_for_update().select_related("call", "organization").get(pk=application.pk)
    require(actor, "programs.application_edit", application)
    if not title.strip():
        raise ValidationError({"title": [_("附件名称：必须填写。")]})
    _check_attachment_limits(application, upload)
    attachment = ApplicationAttachment.objects.create(application=application, title=title.strip(), file=upload)
    audit_log(
        actor=actor,
        action="programs.application_attach",
        target=application,
        details={"attachment": attachment.title},
    )
    return attachment
