"""A call's outcome indicators (成效指标) and an application's targets against them."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.permissions import require

from ..models import Application, ApplicationStatus, Call, CallStatus, MeasuredPer, OutcomeIndicator, OutcomeTarget

INDICATOR_FIELDS = ("name", "kind", "measured_per", "unit", "direction", "target", "description")


def _target_error(measured_per: str, target) -> str | None:
    if target is None:
        return None
    if target < 0:
        return _("目标值不能为负数。")
    if measured_per == MeasuredPer.CHILD and target > 100:
        return _("按儿童测量的指标，目标值是改善儿童的比例，应在 0 至 100 之间。")
    return None


def call_indicators_save(*, call: Call, actor, indicators: list[dict]) -> Call:
    """Replace a call's indicators. Allowed until an application to the call has been submitted: after that the
    applicants' targets refer to them and they are part of the rules applications were judged by."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        require(actor, "programs.call_manage", call)
        if call.status == CallStatus.CANCELLED:
            raise ValidationError(_("已撤销的申报指南不能修改。"))
        if call.applications.exclude(status=ApplicationStatus.DRAFT).exists():
            raise ValidationError(_("已有申报书提交，成效指标不能再修改。"))
        errors = []
        for number, row in enumerate(indicators, start=1):
            message = _target_error(row.get("measured_per"), row.get("target"))
            if message:
                errors.append(_("第 %(n)s 行：%(message)s") % {"n": number, "message": message})
        if errors:
            raise ValidationError({"indicators": errors})
        # Update rows in place by position, so draft applications keep their targets on unchanged indicators.
        existing = list(call.indicators.order_by("order", "pk"))
        for order, row in enumerate(indicators):
            values = {field: row.get(field) or "" for field in INDICATOR_FIELDS if field != "target"}
            values["target"] = row.get("target")
            if order < len(existing):
                indicator = existing[order]
                for field, value in values.items():
                    setattr(indicator, field, value)
                indicator.order = order
                indicator.save()
            else:
                OutcomeIndicator.objects.create(call=call, order=order, **values)
        for indicator in existing[len(indicators) :]:
            indicator.delete()
        audit_log(
            actor=actor,
            action="programs.call_indicators",
            target=call,
            details={"indicators": [row["name"] for row in indicators]},
        )
    return call


def application_targets_save(*, application: Application, actor, targets: list[dict]) -> Application:
    """Set the application's target on each of its call's indicators (a blank value removes it)."""
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        require(actor, "programs.application_edit", application)
        errors = {}
        for row in targets:
            indicator = row["indicator"]
            if indicator.call_id != application.call_id:
                raise ValidationError(_("指标不属于本申报指南。"))
            message = _target_error(indicator.measured_per, row["target_value"])
            if message:
                errors[f"target_{indicator.pk}"] = [message]
        if errors:
            raise ValidationError(errors)
        for row in targets:
            if row["target_value"] is None:
                OutcomeTarget.objects.filter(application=application, indicator=row["indicator"]).delete()
            else:
                OutcomeTarget.objects.update_or_create(
                    application=application,
                    indicator=row["indicator"],
                    defaults={"target_value": Decimal(row["target_value"]), "note": row["note"] or ""},
                )
        audit_log(
            actor=actor,
            action="programs.application_targets",
            target=application,
            details={"targets": {row["indicator"].name: row["target_value"] for row in targets}},
        )
    return application
