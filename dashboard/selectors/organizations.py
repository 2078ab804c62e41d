"""Social organizations registered in the region (by their registering authority's region), by verification status,
and the incubation program (培育孵化) by stage, per region one level down. Counts as they stand today: the period
does not apply. Two aggregate queries."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from organizations.models import Incubation, IncubationStage, Organization, VerificationStatus

from .base import Scope, child_code, child_labels, ordered_keys

FIELDS = ("verified", "pending", "returned", "incubating", "graduated", "incubation_ended")


@dataclass
class OrganizationRow:
    key: str
    label: str
    verified: int = 0
    pending: int = 0
    returned: int = 0
    incubating: int = 0
    graduated: int = 0
    incubation_ended: int = 0

    @property
    def registered(self) -> int:
        return self.verified + self.pending + self.returned


def organizations_by_region(scope: Scope) -> list[OrganizationRow]:
    region = scope.region
    statuses = (
        Organization.objects.in_region(region)
        .annotate(key=child_code("registration_region__path", region))
        .values("key")
        .annotate(
            verified=Count("pk", filter=Q(verification_status=VerificationStatus.VERIFIED)),
            pending=Count("pk", filter=Q(verification_status=VerificationStatus.PENDING)),
            returned=Count("pk", filter=Q(verification_status=VerificationStatus.RETURNED)),
        )
        .order_by()
    )
    # An organization incubated twice (two programs) counts once per stage it is in.
    incubations = (
        Incubation.objects.filter(region__path__startswith=region.path)
        .annotate(key=child_code("region__path", region))
        .values("key")
        .annotate(
            incubating=Count("organization", filter=Q(stage=IncubationStage.INCUBATING), distinct=True),
            graduated=Count("organization", filter=Q(stage=IncubationStage.GRADUATED), distinct=True),
            incubation_ended=Count("organization", filter=Q(stage=IncubationStage.ENDED), distinct=True),
        )
        .order_by()
    )
    rows: dict[str, OrganizationRow] = {}
    for row in [*statuses, *incubations]:
        target = rows.setdefault(row["key"], OrganizationRow(key=row["key"], label=""))
        for name in FIELDS:
            if name in row:
                setattr(target, name, row[name])
    labels = child_labels(region, rows)
    result = [rows[key] for key in ordered_keys(rows)]
    for row in result:
        row.label = labels.get(row.key, row.key)
    return result


def organizations_total(rows: list[OrganizationRow]) -> OrganizationRow:
    total = OrganizationRow(key="total", label=_("合计"))
    for row in rows:
        for name in FIELDS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total
