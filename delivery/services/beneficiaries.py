"""Children's files: enrol a child on a grant (finding the same child across organizations), update the record,
and open a file (every opening is audited; an officer states why).

Nothing identifying goes into audit details or error messages: no name, no ID number (not even masked).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.permissions import require
from core.uploads import validate_document
from grants.models import Grant

from ..identity import beneficiary_find_or_create, id_number_facts
from ..models import Beneficiary, Enrolment
from ..validation import NOTES_DIGITS, birth_error, consent_date_error, county_error, digits_error

# Fields of the child's record (shared by every organization serving the child).
RECORD_FIELDS = ("gender", "birth_year", "birth_month", "county", "township", "guardian_type", "school_stage")


def edited_record(child: Beneficiary, attributes: dict) -> dict:
    """The child's record fields after an edit: ``attributes`` over the current values, the township trimmed; a child
    with an ID number keeps the gender and birth that the number encodes."""
    values = {field: attributes.get(field, getattr(child, field)) for field in RECORD_FIELDS}
    values["township"] = (values["township"] or "").strip()
    if child.has_id:
        for field in ("gender", "birth_year", "birth_month"):
            values[field] = getattr(child, field)
    return values


def _check_record(attributes: dict, categories, errors: dict) -> None:
    for field in ("gender", "guardian_type", "school_stage"):
        if not attributes.get(field):
            errors.setdefault(field, []).append(_("请填写此项。"))
    message = birth_error(attributes.get("birth_year"), attributes.get("birth_month"))
    if message:
        errors.setdefault("birth_year", []).append(message)
    message = county_error(attributes.get("county"))
    if message:
        errors.setdefault("county", []).append(message)
    if not categories:
        errors.setdefault("categories", []).append(_("请至少选择一个儿童类别。"))


def _check_free_text(values: dict, errors: dict) -> None:
    """Free-text fields must not smuggle an ID number (or any long digit run) in: it would be stored in clear."""
    for field, value in values.items():
        if message := digits_error(value):
            errors.setdefault(field, []).append(message)


def _check_consent(consent_date, consent_by, consent_form, errors: dict) -> None:
    message = consent_date_error(consent_date)
    if message:
        errors.setdefault("consent_date", []).append(message)
    if not consent_by:
        errors.setdefault("consent_by", []).append(_("请选择由谁签署知情同意。"))
    if consent_form:
        try:
            validate_document(consent_form)
        except ValidationError as error:
            errors.setdefault("consent_form", []).extend(error.messages)


def _normalise_id(id_number: str, no_id_reason: str, attributes: dict, errors: dict) -> str:
    """Validate the ID number (or the reason for having none) and fill gender and birth from the number."""
    from core.validators import normalise_id_number

    id_number = (id_number or "").strip()
    if not id_number:
        if not (no_id_reason or "").strip():
            errors.setdefault("id_number", []).append(_("请填写身份证号码；没有身份证号码（如未落户）时请填写原因。"))
        return ""
    try:
        number = normalise_id_number(id_number)
    except ValidationError as error:
        # The validator's messages name a position or a character, never the whole number.
        errors.setdefault("id_number", []).extend(error.messages)
        return ""
    facts = id_number_facts(number)
    for field, label in (("gender", _("性别")), ("birth_year", _("出生年")), ("birth_month", _("出生月"))):
        given = attributes.get(field)
        if given and str(given) != str(facts[field]):
            errors.setdefault(field, []).append(_("%(field)s与身份证号码不一致。") % {"field": label})
    attributes.update(facts)
    return number


def beneficiary_enrol(
    *,
    grant: Grant,
    actor,
    id_number: str = "",
    no_id_reason: str = "",
    name: str = "",
    categories=(),
    consent_date=None,
    consent_by: str = "",
    consent_form=None,
    **attributes,
) -> Enrolment:
    """Enrol a child on ``grant``: find the child's file (by ID hash platform-wide, or within the organization for a
    child without an ID) or create it, and record the guardian's consent. Refused if already enrolled here."""
    unknown = set(attributes) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    with transaction.atomic():
        grant = Grant.objects.select_for_update().select_related("organization", "call").get(pk=grant.pk)
        require(actor, "delivery.manage", grant)
        errors: dict[str, list] = {}
        attributes = {field: attributes.get(field) for field in RECORD_FIELDS}
        attributes["township"] = (attributes["township"] or "").strip()
        number = _normalise_id(id_number, no_id_reason, attributes, errors)
        _check_record(attributes, categories, errors)
        _check_free_text({"name": name, "township": attributes["township"], "no_id_reason": no_id_reason}, errors)
        _check_consent(consent_date, consent_by, consent_form, errors)
        if errors:
            raise ValidationError(errors)
        child, created = beneficiary_find_or_create(
            organization=grant.organization,
            id_number=number,
            no_id_reason=no_id_reason,
            name=name,
            attributes=attributes,
            categories=list(categories),
        )
        if not created and Enrolment.objects.filter(beneficiary=child, grant=grant).exists():
            raise ValidationError(
                _("该儿童已在本项目的服务对象名单中（档案号 %(code)s），无需重复登记。") % {"code": child.code}
            )
        enrolment = Enrolment.objects.create(
            beneficiary=child,
            grant=grant,
            organization=grant.organization,
            name=(name or "").strip(),
            consent_date=consent_date,
            consent_by=consent_by,
            consent_form=consent_form or "",
            created_by=actor,
        )
        audit_log(
            actor=actor,
            action="beneficiary.enrol",
            target=child,
            details={"grant": grant.pk, "enrolment": enrolment.pk, "new_file": created},
        )
    return enrolment


def beneficiary_update(
    *,
    enrolment: Enrolment,
    actor,
    name: str,
    categories,
    consent_date,
    consent_by: str,
    consent_form=None,
    **attributes,
) -> Enrolment:
    """Correct a child's record (shared by every organization serving the child) and this enrolment's name and
    consent. Gender and birth of a child with an ID number follow the number and are not changed here."""
    unknown = set(attributes) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update().select_related("grant", "grant__organization").get(pk=enrolment.pk)
        )
        require(actor, "delivery.manage_enrolment", enrolment)
        child = Beneficiary.objects.select_for_update().get(pk=enrolment.beneficiary_id)
        values = edited_record(child, attributes)
        errors: dict[str, list] = {}
        _check_record(values, categories, errors)
        _check_free_text({"name": name, "township": values["township"]}, errors)
        _check_consent(consent_date, consent_by, consent_form, errors)
        if errors:
            raise ValidationError(errors)
        changed = sorted(field for field in RECORD_FIELDS if values[field] != getattr(child, field))
        for field, value in values.items():
            setattr(child, field, value)
        child.save()
        child.categories.set(categories)
        enrolment.name = (name or "").strip()
        enrolment.consent_date = consent_date
        enrolment.consent_by = consent_by
        fields = ["name", "consent_date", "consent_by"]
        if consent_form:
            enrolment.consent_form = consent_form
            fields.append("consent_form")
        enrolment.save(update_fields=fields)
        # Which fields changed, never their values.
        audit_log(
            actor=actor,
            action="beneficiary.update",
            target=child,
            details={"grant": enrolment.grant_id, "enrolment": enrolment.pk, "changed": changed},
        )
    return enrolment


def beneficiary_file_open(*, beneficiary: Beneficiary, actor, reason: str = "") -> None:
    """Record that ``actor`` opened a child's file. Members of a serving organization need no reason; an officer
    must give one (it is kept in the audit event). Raises ``NotVisible``/``Denied`` or ``ValidationError``."""
    reason = (reason or "").strip()
    with transaction.atomic():
        if reason:
            require(actor, "delivery.view_beneficiary_with_reason", beneficiary)
        else:
            require(actor, "delivery.view_beneficiary", beneficiary)
        if reason and len(reason) < 4:
            raise ValidationError({"reason": [_("请具体说明查阅事由（至少 4 个字），例如核查哪一项服务。")]})
        # The reason is kept in the audit event: it must not carry the child's ID number.
        if digits_error(reason, NOTES_DIGITS):
            raise ValidationError({"reason": [_("查阅事由中不能填写身份证号码；请用档案号指称儿童。")]})
        audit_log(
            actor=actor, action="beneficiary.view", target=beneficiary, details={"reason": reason} if reason else {}
        )


def enrolment_consent_open(*, enrolment: Enrolment, actor) -> None:
    """Record that ``actor`` opened the scanned consent form (it names the child and the guardian)."""
    with transaction.atomic():
        require(actor, "delivery.view_consent", enrolment)
        audit_log(
            actor=actor,
            action="beneficiary.consent_view",
            target=enrolment.beneficiary,
            details={"enrolment": enrolment.pk},
        )
