"""Registration and profile changes."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.models import User
from core.notifications import notify
from core.permissions import require

from ..models import LEGAL_FACT_FIELDS, MemberRole, Membership, Organization, VerificationStatus
from ..selectors import covering_officers, credit_code_taken
from ..workflow import VERIFICATION
from .accounts import account_create

M2M_FIELDS = ("service_regions", "child_categories", "service_types")
FILE_FIELDS = ("registration_certificate", "rating_certificate")
PLAIN_FIELDS = (
    "registered_on",
    "address",
    "contact_phone",
    "contact_email",
    "introduction",
    "rating",
    "rating_expires_on",
)


def duplicate_credit_code_message(code: str) -> str:
    return _(
        "统一社会信用代码 %(code)s 已被平台上的另一个社会组织登记。如果这是贵组织，请联系该组织的管理员邀请您加入。"
    ) % {"code": code}


def duplicate_credit_code_error(code: str) -> ValidationError:
    return ValidationError({"credit_code": duplicate_credit_code_message(code)}, code="duplicate")


def _notify_officers(organization: Organization, subject: str, body: str) -> None:
    notify(
        recipients=covering_officers(organization),
        subject=subject,
        body=body,
        url=reverse("organizations:detail", args=[organization.pk]),
    )


def _set_relations_and_files(organization: Organization, data: dict) -> list[str]:
    changed = []
    for field in FILE_FIELDS:
        upload = data.get(field)
        if upload:  # a new file replaces the old one; no file keeps it
            setattr(organization, field, upload)
            changed.append(field)
    organization.save()
    for field in M2M_FIELDS:
        if field in data:
            getattr(organization, field).set(data[field])
            changed.append(field)
    return changed


def organization_register(*, data: dict, actor: User | None = None, account: dict | None = None):
    """Register an organization with ``actor`` (or, for an anonymous visitor, a new account made from ``account``)
    as its first admin. Returns ``(user, organization)``. The profile waits for an officer's verification."""
    with transaction.atomic():
        if credit_code_taken(data["credit_code"]):
            raise duplicate_credit_code_error(data["credit_code"])
        if actor is None or not actor.is_authenticated:
            actor = account_create(account=account)
        organization = Organization(
            **{field: data[field] for field in LEGAL_FACT_FIELDS},
            **{field: data.get(field) for field in PLAIN_FIELDS if field in data},
            verification_status=VerificationStatus.PENDING,
            submitted_at=timezone.now(),
        )
        if not organization.rating:
            organization.rating_expires_on = None
        organization.introduction = organization.introduction or ""
        try:
            with transaction.atomic():
                _set_relations_and_files(organization, data)
        except IntegrityError:  # another registration with the same code won the race
            raise duplicate_credit_code_error(data["credit_code"]) from None
        Membership.objects.create(user=actor, organization=organization, role=MemberRole.ADMIN)
        audit_log(
            actor=actor,
            action="organizations.register",
            target=organization,
            details={"credit_code": organization.credit_code, "region": organization.registration_region.code},
        )
        _notify_officers(
            organization,
            _("新注册的社会组织待审核：%(name)s") % {"name": organization.name},
            _("%(name)s（%(code)s）已在平台注册，请核对资料和证书后审核。")
            % {"name": organization.name, "code": organization.credit_code},
        )
    return actor, organization


def organization_update(*, organization: Organization, data: dict, actor: User) -> Organization:
    """Save the admin's changes. On a verified profile, changed legal facts (``LEGAL_FACT_FIELDS``: name, credit code,
    type, legal representative, registering authority) wait in ``pending_legal_facts`` for an officer and the facts in
    force stay; on a returned profile, saving sends it back to the queue."""
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        require(actor, "organizations.edit_profile", organization)
        proposed = {
            field: data[field]
            for field in LEGAL_FACT_FIELDS
            if field in data and data[field] != getattr(organization, field)
        }
        if proposed:
            require(actor, "organizations.edit_legal_facts", organization)
        if "credit_code" in proposed and credit_code_taken(proposed["credit_code"], exclude_pk=organization.pk):
            raise duplicate_credit_code_error(proposed["credit_code"])
        if organization.is_verified:
            # Only fields that differ from what is in force wait; typing the old value back withdraws a change.
            pending = {k: v for k, v in organization.pending_legal_facts.items() if k not in data}
            pending.update({field: getattr(value, "pk", value) for field, value in proposed.items()})
            newly_pending = pending != organization.pending_legal_facts
            organization.pending_legal_facts = pending
        else:
            for field, value in proposed.items():
                setattr(organization, field, value)
            newly_pending = False
        for field in PLAIN_FIELDS:
            if field in data:
                setattr(organization, field, data[field])
        if not organization.rating:
            organization.rating_expires_on = None
        resubmitted = organization.verification_status == VerificationStatus.RETURNED
        if resubmitted:
            organization.verification_status = VERIFICATION.next_state(organization.verification_status, "resubmit")
        if resubmitted or newly_pending:
            organization.submitted_at = timezone.now()
        changed = _set_relations_and_files(organization, data)
        audit_log(
            actor=actor,
            action="organizations.update",
            target=organization,
            details={
                "legal_facts": sorted(proposed),
                "waiting_for_verification": sorted(organization.pending_legal_facts),
                "resubmitted": resubmitted,
                "files_and_lists": changed,
            },
        )
        if resubmitted:
            _notify_officers(
                organization,
                _("社会组织已修改资料并重新提交：%(name)s") % {"name": organization.name},
                _("该组织的资料曾被退回，现已修改并重新提交审核。"),
            )
        elif newly_pending and organization.pending_legal_facts:
            _notify_officers(
                organization,
                _("社会组织法定信息变更待审核：%(name)s") % {"name": organization.name},
                _("该组织修改了法定信息，变更在审核通过前不生效。"),
            )
    return organization
