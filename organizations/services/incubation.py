"""Incubation (培育孵化) of an organization by a region's program, recorded by an officer of that region: enrolment,
the support given, graduation against the criteria, or an end with a reason."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.dates import validate_plausible_date
from core.models import User
from core.permissions import officer_covers, require

from ..incubation_criteria import all_criteria
from ..models import Incubation, IncubationStage, IncubationSupport, Organization


def _locked(incubation: Incubation) -> Incubation:
    return Incubation.objects.select_for_update().select_related("organization").get(pk=incubation.pk)


def _require_open(incubation: Incubation) -> None:
    if not incubation.is_open:
        raise ValidationError(
            _("该孵化已%(stage)s，不能再修改。") % {"stage": incubation.get_stage_display()}, code="closed"
        )


def incubation_create(*, organization: Organization, data: dict, actor: User) -> Incubation:
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        require(actor, "organizations.incubate", organization)
        if not officer_covers(actor, data["region"]):
            raise ValidationError({"region": _("孵化地区必须在您管辖的区划之内。")})
        validate_plausible_date(data["started_on"])
        if data["started_on"] > timezone.localdate():
            raise ValidationError({"started_on": _("开始日期不能晚于今天。")})
        if organization.incubations.filter(stage=IncubationStage.INCUBATING).exists():
            raise ValidationError(_("该组织已有进行中的孵化，请先办理出壳或终止。"), code="open")
        incubation = Incubation.objects.create(
            organization=organization,
            region=data["region"],
            program_name=data["program_name"],
            started_on=data["started_on"],
            stage=IncubationStage.INCUBATING,
            created_by=actor,
        )
        audit_log(
            actor=actor,
            action="organizations.incubation_create",
            target=incubation,
            details={"region": incubation.region.code, "program": incubation.program_name, "stage": incubation.stage},
        )
    return incubation


def incubation_add_support(*, incubation: Incubation, data: dict, actor: User) -> IncubationSupport:
    with transaction.atomic():
        incubation = _locked(incubation)
        require(actor, "organizations.incubate", incubation.organization)
        _require_open(incubation)
        given_on = data["given_on"]
        validate_plausible_date(given_on)
        if given_on < incubation.started_on or given_on > timezone.localdate():
            raise ValidationError({"given_on": _("日期须在孵化开始之后、今天或以前。")})
        support = IncubationSupport.objects.create(
            incubation=incubation,
            given_on=given_on,
            kind=data["kind"],
            hours=data.get("hours") or 0,
            amount=data.get("amount"),
            description=data["description"],
            recorded_by=actor,
        )
        audit_log(
            actor=actor,
            action="organizations.incubation_support",
            target=incubation,
            details={"kind": support.kind, "hours": support.hours, "amount": support.amount, "given_on": given_on},
        )
    return support


def incubation_graduate(*, incubation: Incubation, confirmed: set[str], note: str, actor: User) -> Incubation:
    """Graduate when every criterion holds; otherwise refuse, naming what is missing."""
    with transaction.atomic():
        incubation = _locked(incubation)
        require(actor, "organizations.incubate", incubation.organization)
        _require_open(incubation)
        criteria = all_criteria(incubation, confirmed)
        missing = [c.label for c in criteria if not c.met]
        if missing:
            raise ValidationError(
                _("尚未达到出壳标准：%(missing)s。") % {"missing": "；".join(missing)}, code="criteria"
            )
        incubation.stage = IncubationStage.GRADUATED
        incubation.graduated_on = timezone.localdate()
        incubation.graduation_record = [c.as_record() for c in criteria] + ([{"note": note}] if note else [])
        incubation.save(update_fields=["stage", "graduated_on", "graduation_record"])
        audit_log(
            actor=actor,
            action="organizations.incubation_graduate",
            target=incubation,
            details={
                "before": {"stage": IncubationStage.INCUBATING},
                "after": {"stage": incubation.stage},
                "note": note,
            },
        )
    return incubation


def incubation_end(*, incubation: Incubation, reason: str, actor: User) -> Incubation:
    reason = (reason or "").strip()
    with transaction.atomic():
        incubation = _locked(incubation)
        require(actor, "organizations.incubate", incubation.organization)
        _require_open(incubation)
        if not reason:
            raise ValidationError({"reason": _("请写明终止孵化的原因。")})
        incubation.stage = IncubationStage.ENDED
        incubation.ended_on = timezone.localdate()
        incubation.end_reason = reason[:500]
        try:
            incubation.save(update_fields=["stage", "ended_on", "end_reason"])
        except IntegrityError:  # pragma: no cover - the row is locked above
            raise ValidationError(_("孵化状态已变化，请刷新后重试。")) from None
        audit_log(
            actor=actor,
            action="organizations.incubation_end",
            target=incubation,
            details={
                "before": {"stage": IncubationStage.INCUBATING},
                "after": {"stage": incubation.stage},
                "reason": reason,
            },
        )
    return incubation
