"""The professional staff roster (社工队伍), kept by the organization's members."""

from django.db import transaction

from core.audit import audit_log
from core.models import User
from core.permissions import require

from ..models import Organization, StaffMember

ROSTER_FIELDS = ("name", "qualification", "certificate_number", "position", "is_full_time", "started_on", "left_on")


def staff_member_create(*, organization: Organization, data: dict, actor: User) -> StaffMember:
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        require(actor, "organizations.edit_roster", organization)
        staff_member = StaffMember(organization=organization, **{f: data[f] for f in ROSTER_FIELDS if f in data})
        staff_member.full_clean()
        staff_member.save()
        audit_log(
            actor=actor,
            action="organizations.staff_create",
            target=staff_member,
            details={"qualification": staff_member.qualification},
        )
    return staff_member


def staff_member_update(*, staff_member: StaffMember, data: dict, actor: User) -> StaffMember:
    with transaction.atomic():
        staff_member = StaffMember.objects.select_for_update().select_related("organization").get(pk=staff_member.pk)
        require(actor, "organizations.edit_roster", staff_member.organization)
        changed = [f for f in ROSTER_FIELDS if f in data and getattr(staff_member, f) != data[f]]
        for field in changed:
            setattr(staff_member, field, data[field])
        staff_member.full_clean()
        staff_member.save()
        audit_log(actor=actor, action="organizations.staff_update", target=staff_member, details={"fields": changed})
    return staff_member


def staff_member_delete(*, staff_member: StaffMember, actor: User) -> None:
    with transaction.atomic():
        staff_member = StaffMember.objects.select_for_update().select_related("organization").get(pk=staff_member.pk)
        require(actor, "organizations.edit_roster", staff_member.organization)
        audit_log(
            actor=actor,
            action="organizations.staff_delete",
            target=staff_member.organization,
            details={"staff_member_id": staff_member.pk, "qualification": staff_member.qualification},
        )
        staff_member.delete()
