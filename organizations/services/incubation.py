"""Incubation (培育孵化) of an organization by a region's program, recorded by an officer of that region."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.models import User
from core.permissions import officer_covers, require

from ..models import Incubation, IncubationStage, Organization


def incubation_create(*, organization: Organization, data: dict, actor: User) -> Incubation:
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        require(actor, "organizations.incubate", organization)
        if not officer_covers(actor, data["region"]):
            raise ValidationError({"region": _("孵化地区必须在您管辖的区划之内。")})
        incubation = Incubation.objects.create(
            organization=organization,
            region=data["region"],
            program_name=data["program_name"],
            started_on=data["started_on"],
            stage=data.get("stage") or IncubationStage.INCUBATING,
            created_by=actor,
        )
        audit_log(
            actor=actor,
            action="organizations.incubation_create",
            target=incubation,
            details={"region": incubation.region.code, "program": incubation.program_name, "stage": incubation.stage},
        )
    return incubation


def incubation_set_stage(*, incubation: Incubation, stage: str, actor: User) -> Incubation:
    with transaction.atomic():
        incubation = Incubation.objects.select_for_update().select_related("organization").get(pk=incubation.pk)
        require(actor, "organizations.incubate", incubation.organization)
        if stage not in IncubationStage.values:
            raise ValidationError({"stage": _("孵化阶段无效。")})
        old = incubation.stage
        incubation.stage = stage
        incubation.save(update_fields=["stage"])
        audit_log(
            actor=actor,
            action="organizations.incubation_stage",
            target=incubation,
            details={"from": old, "to": stage},
        )
    return incubation
