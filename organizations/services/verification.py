"""Officers' decisions on a profile: verify it (or accept changed legal facts), or return it with a reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.models import User
from core.notifications import notify
from core.permissions import require

from ..models import Organization
from ..selectors import organization_admins
from ..workflow import VERIFICATION
from .profile import duplicate_credit_code_error


def _locked(organization: Organization, actor: User, action: str) -> Organization:
    organization = (
        Organization.objects.select_for_update().select_related("registration_region").get(pk=organization.pk)
    )
    require(actor, "organizations.verify", organization)
    if organization.is_verified and not organization.has_pending_changes:
        raise ValidationError(_("该组织已认证，且没有待审核的法定信息变更。"), code="nothing_pending")
    return organization


def _notify_admins(organization: Organization, subject: str, body: str) -> None:
    notify(
        recipients=organization_admins(organization),
        subject=subject,
        body=body,
        url=reverse("organizations:detail", args=[organization.pk]),
    )


def organization_verify(*, organization: Organization, actor: User, note: str = "") -> Organization:
    """Verify a pending profile, or accept the legal facts waiting on a verified one (they then come into force)."""
    with transaction.atomic():
        organization = _locked(organization, actor, "verify")
        action = "verify_changes" if organization.is_verified else "verify"
        organization.verification_status = VERIFICATION.next_state(organization.verification_status, action)
        accepted = dict(organization.pending_legal_facts)
        code = accepted.get("credit_code")
        if code and code != organization.credit_code:
            if Organization.objects.exclude(pk=organization.pk).filter(credit_code=code).exists():
                raise duplicate_credit_code_error(code)
        organization.apply_legal_facts(accepted)
        organization.pending_legal_facts = {}
        organization.verification_note = note
        organization.verified_at = timezone.now()
        organization.verified_by = actor
        organization.save()
        audit_log(
            actor=actor,
            action=f"organizations.{action}",
            target=organization,
            details={"accepted_legal_facts": accepted, "note": note},
        )
        _notify_admins(
            organization,
            _("贵组织的资料已通过审核") if action == "verify" else _("贵组织的法定信息变更已通过审核"),
            note or _("审核通过。"),
        )
    return organization


def organization_return(*, organization: Organization, actor: User, reason: str) -> Organization:
    """Return a pending profile (or refuse the changed legal facts of a verified one) with a reason the
    organization reads."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("退回时必须填写退回原因，组织将看到这段说明。")}, code="required")
    with transaction.atomic():
        organization = _locked(organization, actor, "return")
        action = "return_changes" if organization.is_verified else "return"
        organization.verification_status = VERIFICATION.next_state(organization.verification_status, action)
        refused = dict(organization.pending_legal_facts)
        organization.pending_legal_facts = {}
        organization.verification_note = reason
        organization.save()
        audit_log(
            actor=actor,
            action=f"organizations.{action}",
            target=organization,
            details={"reason": reason, "refused_legal_facts": refused},
        )
        _notify_admins(
            organization,
            _("贵组织的资料被退回") if action == "return" else _("贵组织的法定信息变更未通过审核"),
            _("退回原因：%(reason)s") % {"reason": reason},
        )
    return organization
