"""Annual inspection / report results (年检/年报): entered by the organization with evidence, confirmed by an
officer. A confirmed year is final."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log, field_changes, snapshot
from core.models import User
from core.notifications import notify
from core.permissions import require

from ..models import AnnualStatus, Organization
from ..selectors import covering_officers, organization_admins

# What an annual result records; its audit event keeps each before and after (a correction overwrites the row).
ANNUAL_FIELDS = ("result", "note", "evidence", "submitted_by")


def annual_status_submit(*, organization: Organization, data: dict, actor: User) -> AnnualStatus:
    """Enter (or correct, until confirmed) the result of one year; evidence is required the first time."""
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        require(actor, "organizations.submit_annual_status", organization)
        status = AnnualStatus.objects.filter(organization=organization, year=data["year"]).first()
        if status is not None and status.is_confirmed:
            raise ValidationError(
                {"year": _("%(year)d 年度的结论已由项目官员确认，不能再修改。") % {"year": data["year"]}}
            )
        status = status or AnnualStatus(organization=organization, year=data["year"])
        before = snapshot(status, ANNUAL_FIELDS) if status.pk else {}
        status.result = data["result"]
        status.note = data.get("note", "")
        status.submitted_by = actor
        if data.get("evidence"):
            status.evidence = data["evidence"]
        if not status.evidence:
            raise ValidationError({"evidence": _("请上传年检结论或年报回执等证明材料。")})
        status.save()
        audit_log(
            actor=actor,
            action="organizations.annual_submit",
            target=status,
            details={"year": status.year, "result": status.result},
            changes=field_changes(before, snapshot(status, ANNUAL_FIELDS)),
        )
        notify(
            recipients=covering_officers(organization),
            subject=_("%(org)s 填报了 %(year)d 年度年检年报结论") % {"org": organization.name, "year": status.year},
            url=reverse("organizations:detail", args=[organization.pk]),
        )
    return status


def annual_status_confirm(*, annual_status: AnnualStatus, actor: User) -> AnnualStatus:
    with transaction.atomic():
        status = AnnualStatus.objects.select_for_update().select_related("organization").get(pk=annual_status.pk)
        require(actor, "organizations.confirm_annual_status", status.organization)
        if status.is_confirmed:
            raise ValidationError(_("%(year)d 年度的结论已经确认过。") % {"year": status.year})
        before = snapshot(status, ["confirmed_at", "confirmed_by"])
        status.confirmed_at = timezone.now()
        status.confirmed_by = actor
        status.save(update_fields=["confirmed_at", "confirmed_by"])
        audit_log(
            actor=actor,
            action="organizations.annual_confirm",
            target=status,
            details={"year": status.year, "result": status.result},
            changes=field_changes(before, snapshot(status, ["confirmed_at", "confirmed_by"])),
        )
        notify(
            recipients=organization_admins(status.organization),
            subject=_("%(year)d 年度年检年报结论已确认") % {"year": status.year},
            url=reverse("organizations:detail", args=[status.organization_id]),
        )
    return status
