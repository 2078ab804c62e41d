"""Registration and profile changes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log, field_changes
from core.models import User
from core.notifications import notify
from core.permissions import require

from ..models import (
    LEGAL_FACT_DOCUMENTS,
    LEGAL_FACT_FIELDS,
    MemberRole,
    Membership,
    Organization,
    VerificationStatus,
)
from ..selectors import covering_officers, credit_code_taken
from ..workflow import VERIFICATION
from .accounts import account_create

M2M_FIELDS = ("service_regions", "child_categories", "service_types")
# Contact details and the description: they apply at once, whatever the verification status.
PLAIN_FIELDS = ("address", "contact_phone", "contact_email", "introduction")
# What a registration cannot do without (the rest of the form is optional).
REGISTRATION_REQUIRED = (
    "name",
    "credit_code",
    "org_type",
    "legal_representative",
    "registration_region",
    "registered_on",
)
# Every field of the profile form, in the order an audit event lists them.
PROFILE_FIELDS = (*LEGAL_FACT_FIELDS, *PLAIN_FIELDS, *M2M_FIELDS, *LEGAL_FACT_DOCUMENTS)


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


def _normalised(data: dict) -> dict:
    """No rating, no expiry: "未评估" clears the expiry date with it (on a verified profile both wait together)."""
    data = dict(data)
    if "rating" in data and not data["rating"]:
        data["rating_expires_on"] = None
    return data


def _as_json(value):
    """A legal fact as ``pending_legal_facts`` keeps it: a related row by its primary key, a date as ISO text."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return getattr(value, "pk", value)


def _store_pending_document(organization: Organization, field_name: str, upload) -> str:
    """Store a certificate uploaded to a verified profile under its own name; the one in force stays."""
    field = Organization._meta.get_field(field_name)
    name = field.generate_filename(organization, upload.name)
    return field.storage.save(name, upload, max_length=field.max_length)


def _audit_value(organization: Organization, field_name: str):
    """What the profile shows for ``field_name`` (a change waiting for an officer, else the fact in force), as JSON:
    a date as ISO text, a related row or a list of them by name, a document by its stored name (never its content)."""
    field = Organization._meta.get_field(field_name)
    pending = organization.pending_legal_facts or {}
    if field.many_to_many:
        return sorted(str(row) for row in getattr(organization, field_name).all())
    if field_name in pending:
        value = pending[field_name]
        if field.is_relation:
            value = field.related_model.objects.filter(pk=value).first() or value
    else:
        value = getattr(organization, field_name)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(field, models.FileField):
        return getattr(value, "name", value) or ""
    return _as_json(value)


def _profile_snapshot(organization: Organization) -> dict:
    return {field: _audit_value(organization, field) for field in PROFILE_FIELDS}


def _set_relations_and_files(organization: Organization, data: dict, *, documents: bool = True) -> None:
    """Save the row, then its lists; with ``documents`` a newly uploaded certificate replaces the one in force (no file
    keeps it)."""
    if documents:
        for field in LEGAL_FACT_DOCUMENTS:
            if data.get(field):
                setattr(organization, field, data[field])
    organization.save()
    for field in M2M_FIELDS:
        if field in data:
            getattr(organization, field).set(data[field])


def organization_register(*, data: dict, actor: User | None = None, account: dict | None = None):
    """Register an organization with ``actor`` (or, for an anonymous visitor, a new account made from ``account``)
    as its first admin. Returns ``(user, organization)``. The profile waits for an officer's verification. An officer
    account may register one only when a platform admin allowed it (``organizations.join``)."""
    data = _normalised(data)
    with transaction.atomic():
        if actor is not None and actor.is_authenticated:
            require(actor, "organizations.join")
        if credit_code_taken(data["credit_code"]):
            raise duplicate_credit_code_error(data["credit_code"])
        if actor is None or not actor.is_authenticated:
            actor = account_create(account=account)
        organization = Organization(
            **{
                field: data[field]  # a missing required fact is a programming error (KeyError), not a user's
                for field in (*LEGAL_FACT_FIELDS, *PLAIN_FIELDS)
                if field in data or field in REGISTRATION_REQUIRED
            },
            verification_status=VerificationStatus.PENDING,
            submitted_at=timezone.now(),
        )
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


def _pending_after_edit(organization: Organization, data: dict, proposed: dict, uploads: dict) -> dict:
    """The legal facts waiting after this edit. A fact sent with the form waits only if it differs from the one in
    force (typing the old value back withdraws a change); a waiting certificate stays until a new upload replaces
    it."""
    pending = {
        field: value
        for field, value in organization.pending_legal_facts.items()
        if (field in LEGAL_FACT_DOCUMENTS and field not in uploads)
        or (field not in LEGAL_FACT_DOCUMENTS and field not in data)
    }
    pending.update({field: _as_json(value) for field, value in proposed.items()})
    for field, upload in uploads.items():
        pending[field] = _store_pending_document(organization, field, upload)
    return pending


def organization_update(*, organization: Organization, data: dict, actor: User) -> Organization:
    """Save the admin's changes. On a verified profile, changed legal facts (``LEGAL_FACT_FIELDS``: name, credit code,
    type, legal representative, registering authority, registration date, rating and its expiry; and new
    certificates, ``LEGAL_FACT_DOCUMENTS``) wait in ``pending_legal_facts`` for an officer and the facts in force
    stay; on a returned profile, saving sends it back to the queue. The audit event lists every changed field, before
    and after."""
    data = _normalised(data)
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        require(actor, "organizations.edit_profile", organization)
        before = _profile_snapshot(organization)
        proposed = {
            field: data[field]
            for field in LEGAL_FACT_FIELDS
            if field in data and data[field] != getattr(organization, field)
        }
        uploads = {field: data[field] for field in LEGAL_FACT_DOCUMENTS if data.get(field)}
        if proposed or uploads:
            require(actor, "organizations.edit_legal_facts", organization)
        if "credit_code" in proposed and credit_code_taken(proposed["credit_code"], exclude_pk=organization.pk):
            raise duplicate_credit_code_error(proposed["credit_code"])
        if organization.is_verified:
            pending = _pending_after_edit(organization, data, proposed, uploads)
            newly_pending = pending != organization.pending_legal_facts
            organization.pending_legal_facts = pending
        else:
            for field, value in proposed.items():
                setattr(organization, field, value)
            newly_pending = False
        for field in PLAIN_FIELDS:
            if field in data:
                setattr(organization, field, data[field])
        resubmitted = organization.verification_status == VerificationStatus.RETURNED
        if resubmitted:
            organization.verification_status = VERIFICATION.next_state(organization.verification_status, "resubmit")
        if resubmitted or newly_pending:
            organization.submitted_at = timezone.now()
        _set_relations_and_files(organization, data, documents=not organization.is_verified)
        audit_log(
            actor=actor,
            action="organizations.update",
            target=organization,
            details={
                "waiting_for_verification": sorted(organization.pending_legal_facts),
                "resubmitted": resubmitted,
            },
            changes=field_changes(before, _profile_snapshot(organization)),
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
                _("该组织修改了法定信息或证书，变更在审核通过前不生效。"),
            )
    return organization
