"""A guardian's request about a child's data (PIPL art. 44–47): an officer of the child's region finds the child by
ID number (through the keyed hash; the number itself is never stored or logged) or by file number, exports
everything held about the child, corrects it, or deletes it (the identity is removed as in retention; the counts
stay). Every step is audited with the file number as target and no identifying detail.
"""

import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.models import AuditEvent
from core.permissions import check, require

from ..identity import id_number_hash
from ..models import Beneficiary, Enrolment, OutcomeMeasurement, ServiceLog
from .beneficiaries import RECORD_FIELDS, _check_free_text, _check_record, edited_record
from .retention import EXPORTERS, anonymise_beneficiaries


def _not_found() -> ValidationError:
    return ValidationError(_("没有找到该儿童的档案，或该儿童不在您的辖区内。"), code="not_found")


def guardian_find(*, actor, id_number: str = "", code: str = "") -> Beneficiary:
    """The child with this ID number (by its keyed hash) or file number (C0000123), if the actor's region covers
    the child's county. One message for "no such child" and "not yours": no oracle of who is on file elsewhere."""
    child = None
    if id_number.strip():
        try:
            digest = id_number_hash(id_number)
        except ValidationError as error:
            raise ValidationError({"id_number": error.messages}) from None
        child = Beneficiary.objects.filter(id_hash=digest).first()
    elif code.strip().upper().lstrip("C").isdigit():
        child = Beneficiary.objects.filter(pk=int(code.strip().upper().lstrip("C"))).first()
    else:
        raise ValidationError({"id_number": [_("请填写儿童的身份证号码或档案号。")]})
    if child is None or not check(actor, "delivery.guardian_request", child).allowed:
        raise _not_found()
    with transaction.atomic():
        audit_log(actor=actor, action="beneficiary.guardian_lookup", target=child, details={})
    return child


def _record(child: Beneficiary) -> dict:
    return {
        "档案号": child.code,
        "身份证号（脱敏）": child.id_masked,
        "无身份证号原因": child.no_id_reason,
        "性别": child.get_gender_display(),
        "出生年": child.birth_year,
        "出生月": child.birth_month,
        "县市区": child.county.name,
        "乡镇街道": child.township,
        "监护类型": child.get_guardian_type_display(),
        "就学阶段": child.get_school_stage_display(),
        "儿童类别": [category.name for category in child.categories.all()],
        "建档时间": child.created_at,
        "匿名化时间": child.anonymised_at,
    }


def guardian_export(*, beneficiary: Beneficiary, actor) -> dict:
    """Everything held about this child and nothing about another: the record, each enrolment (with the name the
    organization recorded), services received (notes only of the child's own case logs, never of a group), the
    measurements, what other apps hold (referrals), and who opened the file when (actions and times)."""
    require(actor, "delivery.guardian_request", beneficiary)
    child = Beneficiary.objects.select_related("county").get(pk=beneficiary.pk)
    enrolments = Enrolment.objects.filter(beneficiary=child).select_related("grant", "organization")
    logs = (
        ServiceLog.objects.filter(Q(beneficiary=child) | Q(attendees=child))
        .select_related("grant", "service_type")
        .distinct()
        .order_by("date", "pk")
    )
    measurements = OutcomeMeasurement.objects.filter(beneficiary=child).select_related("indicator", "grant")
    data = {
        "导出时间": timezone.now(),
        "儿童档案": _record(child),
        "服务关系": [
            {
                "项目合同": enrolment.grant.contract_number,
                "项目名称": enrolment.grant.title,
                "服务组织": enrolment.organization.name,
                "姓名": enrolment.name,
                "知情同意日期": enrolment.consent_date,
                "同意人": enrolment.get_consent_by_display(),
                "知情同意书扫描件": bool(enrolment.consent_form),
                "登记时间": enrolment.enrolled_at,
            }
            for enrolment in enrolments
        ],
        "服务记录": [
            {
                "项目合同": log.grant.contract_number,
                "服务日期": log.date,
                "服务类型": log.service_type.name,
                "服务形式": log.get_form_display(),
                "服务时长（分钟）": log.minutes,
                "服务记录": log.notes if log.beneficiary_id == child.pk else "",
            }
            for log in logs
        ],
        "成效测量": [
            {
                "项目合同": m.grant.contract_number,
                "成效指标": m.indicator.name,
                "测量阶段": m.get_phase_display(),
                "测量值": m.value,
                "测量日期": m.measured_on,
            }
            for m in measurements.order_by("measured_on", "pk")
        ],
        "查阅记录": [
            {"操作": event.action, "时间": event.created_at}
            for event in AuditEvent.objects.filter(
                target_type__app_label="delivery", target_type__model="beneficiary", target_id=str(child.pk)
            ).order_by("created_at")
        ],
    }
    for exporter in EXPORTERS:
        data.update(exporter(child))
    with transaction.atomic():
        audit_log(actor=actor, action="beneficiary.guardian_export", target=child, details={})
    return data


def guardian_export_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def guardian_correct(*, beneficiary: Beneficiary, actor, categories, names: dict[int, str], **attributes) -> list:
    """Correct the child's record and the names the organizations recorded; returns the changed field names (the
    audit event keeps only those). Gender and birth of a child with an ID number follow the number."""
    with transaction.atomic():
        child = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
        require(actor, "delivery.guardian_request", child)
        if child.anonymised_at:
            raise ValidationError(_("该档案已匿名化，没有可更正的个人信息。"))
        values = edited_record(child, attributes)
        errors: dict[str, list] = {}
        _check_record(values, categories, errors)
        enrolments = {e.pk: e for e in Enrolment.objects.select_for_update().filter(beneficiary=child)}
        names = {pk: (name or "").strip() for pk, name in names.items() if pk in enrolments}
        _check_free_text({"township": values["township"], **{f"name_{pk}": n for pk, n in names.items()}}, errors)
        if errors:
            raise ValidationError(errors)
        changed = sorted(field for field in RECORD_FIELDS if values[field] != getattr(child, field))
        if set(categories) != set(child.categories.all()):
            changed.append("categories")
        for field, value in values.items():
            setattr(child, field, value)
        child.save()
        child.categories.set(categories)
        renamed = [pk for pk, name in names.items() if enrolments[pk].name != name]
        for pk in renamed:
            Enrolment.objects.filter(pk=pk).update(name=names[pk])
        if renamed:
            changed.append("name")
        audit_log(
            actor=actor,
            action="beneficiary.guardian_correct",
            target=child,
            details={"changed": changed, "enrolments_renamed": len(renamed)},
        )
    return changed


def guardian_delete(*, beneficiary: Beneficiary, actor) -> dict:
    """Delete the child's personal information (PIPL art. 47) by anonymising the file now, whatever the grants'
    status; counts and services stay as anonymous figures."""
    with transaction.atomic():
        child = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
        require(actor, "delivery.guardian_request", child)
        counts = anonymise_beneficiaries([child.pk])
        audit_log(actor=actor, action="beneficiary.guardian_delete", target=child, details=counts)
    return counts
