"""Service logs entered one by one (the Excel import applies the same checks, from ``delivery.validation``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.permissions import require
from grants.models import Grant
from programs.models import MeasuredPer

from ..models import Enrolment, MeasurementPhase, OutcomeMeasurement, ServiceForm, ServiceLog
from ..models.services import COLLECTIVE_FORMS, INDIVIDUAL_FORMS
from ..validation import (
    NOTES_DIGITS,
    digits_error,
    head_count_error,
    measurement_value_error,
    minutes_error,
    service_date_error,
    service_type_error,
)
from .rollups import rollups_refresh_soon


def _lock_grant(grant: Grant) -> Grant:
    return Grant.objects.select_for_update().select_related("organization", "call").get(pk=grant.pk)


def _not_enrolled(grant: Grant, children) -> list:
    """The children among ``children`` that are not enrolled with this grant's organization."""
    ids = {child.pk for child in children}
    served = set(
        Enrolment.objects.filter(organization=grant.organization, beneficiary_id__in=ids).values_list(
            "beneficiary_id", flat=True
        )
    )
    return [child for child in children if child.pk not in served]


def service_log_create(
    *,
    grant: Grant,
    actor,
    date,
    service_type,
    form: str,
    minutes: int,
    staff_member=None,
    volunteer_name: str = "",
    beneficiary=None,
    attendees=(),
    head_count: int = 0,
    group_name: str = "",
    township: str = "",
    village: str = "",
    notes: str = "",
) -> ServiceLog:
    """Record one service: dated within the grant and not in the future, 1–720 minutes, a service type from the
    call's list, given by a roster staff member or a named volunteer; a case/home visit/phone call for one enrolled
    child, a group or event with the enrolled children present and a head count at least that large."""
    attendees = list(attendees)
    volunteer_name = (volunteer_name or "").strip()
    with transaction.atomic():
        grant = _lock_grant(grant)
        require(actor, "delivery.manage", grant)
        errors: dict[str, list] = {}

        def add(field, message):
            if message:
                errors.setdefault(field, []).append(message)

        add("date", service_date_error(grant, date))
        add("minutes", minutes_error(minutes))
        add("service_type", service_type_error(grant, service_type))
        if bool(staff_member) == bool(volunteer_name):
            add("staff_member", _("请选择本组织的服务人员，或填写志愿者姓名（二者选一）。"))
        elif staff_member and staff_member.organization_id != grant.organization_id:
            add("staff_member", _("服务人员不在本组织的人员名单中。"))
        elif staff_member and staff_member.left_on and date and staff_member.left_on < date:
            add("staff_member", _("该服务人员已于 %(day)s 离职。") % {"day": staff_member.left_on.isoformat()})
        if form in INDIVIDUAL_FORMS:
            if beneficiary is None:
                add("beneficiary", _("个案、家访和电话访问须选择一名服务对象。"))
            elif _not_enrolled(grant, [beneficiary]):
                add("beneficiary", _("该儿童不是本组织的服务对象，请先登记。"))
            attendees, head_count = [], 0
        elif form in COLLECTIVE_FORMS:
            beneficiary = None
            if head_count is None or head_count < 1:
                add("head_count", _("请填写参与人数。"))
            elif message := head_count_error(head_count):
                add("head_count", message)
            elif head_count < len(attendees):
                add(
                    "head_count",
                    _("参与人数（%(count)s）不能少于勾选的参与儿童数（%(attendees)s）。")
                    % {"count": head_count, "attendees": len(attendees)},
                )
            if form == ServiceForm.GROUP and not (group_name or "").strip():
                add("group_name", _("请填写小组名称：同一小组的各节活动用同一名称，以便统计小组数和节数。"))
            if _not_enrolled(grant, attendees):
                add("attendees", _("所选儿童中有不是本组织服务对象的，请先登记。"))
        else:
            add("form", _("请选择服务形式。"))
        # Free text is stored as typed: no ID number in clear (the Excel import refuses the same).
        for field, value in (("volunteer_name", volunteer_name), ("township", township), ("village", village)):
            add(field, digits_error(value))
        if form == ServiceForm.GROUP:
            add("group_name", digits_error(group_name))
        add("notes", digits_error(notes, NOTES_DIGITS))
        if errors:
            raise ValidationError(errors)
        log = ServiceLog.objects.create(
            grant=grant,
            date=date,
            service_type=service_type,
            form=form,
            minutes=minutes,
            staff_member=staff_member,
            volunteer_name="" if staff_member else volunteer_name,
            beneficiary=beneficiary,
            head_count=head_count or 0,
            group_name=(group_name or "").strip() if form == ServiceForm.GROUP else "",
            township=(township or "").strip(),
            village=(village or "").strip(),
            notes=(notes or "").strip(),
            created_by=actor,
        )
        if attendees:
            log.attendees.set(attendees)
        audit_log(
            actor=actor,
            action="service_log.create",
            target=log,
            details={"grant": grant.pk, "form": form, "minutes": minutes, "children": len(attendees) or 1},
        )
        rollups_refresh_soon()
    return log


def service_log_delete(*, log: ServiceLog, actor) -> None:
    """Delete a log entered in error (imported rows too: re-importing the row brings it back)."""
    with transaction.atomic():
        _lock_grant(log.grant)
        log = ServiceLog.objects.select_for_update().select_related("grant").get(pk=log.pk)
        require(actor, "delivery.delete_log", log)
        audit_log(
            actor=actor,
            action="service_log.delete",
            target=log,
            details={"grant": log.grant_id, "date": log.date, "form": log.form, "minutes": log.minutes},
        )
        log.attendees.clear()
        log.delete()
        rollups_refresh_soon()


def measurement_record(
    *, grant: Grant, actor, indicator, phase: str, value, measured_on, method: str, beneficiary=None
) -> OutcomeMeasurement:
    """Record one value of one of the call's indicators: per child (baseline or follow-up, the child enrolled with
    this organization) or per grant (a single value, e.g. a satisfaction survey)."""
    with transaction.atomic():
        grant = _lock_grant(grant)
        require(actor, "delivery.manage", grant)
        errors: dict[str, list] = {}
        if indicator is None or indicator.call_id != grant.call_id:
            errors["indicator"] = [_("请选择本项目申报指南中的成效指标。")]
        elif indicator.measured_per == MeasuredPer.CHILD:
            if beneficiary is None:
                errors["beneficiary"] = [_("该指标按儿童测量，请选择服务对象。")]
            elif _not_enrolled(grant, [beneficiary]):
                errors["beneficiary"] = [_("该儿童不是本组织的服务对象，请先登记。")]
            if phase not in (MeasurementPhase.BASELINE, MeasurementPhase.FOLLOWUP):
                errors["phase"] = [_("按儿童测量的指标请选择前测或后测。")]
        else:
            beneficiary = None
            phase = MeasurementPhase.SINGLE
        if message := measurement_value_error(indicator, value):
            errors["value"] = [message]
        message = service_date_error(grant, measured_on)
        if message:
            errors["measured_on"] = [message]
        if errors:
            raise ValidationError(errors)
        measurement = OutcomeMeasurement.objects.create(
            indicator=indicator,
            grant=grant,
            beneficiary=beneficiary,
            phase=phase,
            value=value,
            measured_on=measured_on,
            method=method,
            created_by=actor,
        )
        audit_log(
            actor=actor,
            action="measurement.record",
            target=measurement,
            details={"grant": grant.pk, "indicator": indicator.pk, "phase": phase},
        )
    return measurement
