"""Milestones due in the period, by state, per region one level down (by the grant's issuing region).

The states do not overlap, so they add up to the milestones due:

- on time (按时提交): (re)submitted, approved or paid, last submitted on or before the due date;
- late (逾期提交): the same, submitted after the due date;
- returned (已退回): returned to the organization and not resubmitted yet;
- overdue (逾期未提交): never submitted, past the due date (today), on a running grant;
- not yet due (未到期): never submitted, due today or later;
- stopped (项目已停止): never submitted, on a suspended, terminated or completed grant.

Returned milestones past their due date are overdue too in ``grants`` (the overdue list): here they stay "returned".
One aggregate query.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from grants.models import Milestone, MilestoneStatus
from grants.models.grants import ACTIVE_STATUSES

from .base import Scope, child_code, child_labels, ordered_keys

SUBMITTED = (MilestoneStatus.SUBMITTED, MilestoneStatus.RESUBMITTED, MilestoneStatus.APPROVED, MilestoneStatus.PAID)
STATES = ("on_time", "late", "returned", "overdue", "not_due", "stopped")


@dataclass
class MilestoneRow:
    key: str
    label: str
    on_time: int = 0
    late: int = 0
    returned: int = 0
    overdue: int = 0
    not_due: int = 0
    stopped: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, state) for state in STATES)


def milestones_by_region(scope: Scope) -> list[MilestoneRow]:
    pending = Q(status=MilestoneStatus.PENDING)
    running = Q(grant__status__in=ACTIVE_STATUSES)
    submitted = Q(status__in=SUBMITTED)
    figures = (
        Milestone.objects.in_region(scope.region)
        .filter(**scope.in_period("due_date"))
        .annotate(key=child_code("grant__issuing_region__path", scope.region), submitted_on=TruncDate("submitted_at"))
        .values("key")
        .annotate(
            on_time=Count("pk", filter=submitted & Q(submitted_on__lte=F("due_date"))),
            late=Count("pk", filter=submitted & Q(submitted_on__gt=F("due_date"))),
            returned=Count("pk", filter=Q(status=MilestoneStatus.RETURNED)),
            overdue=Count("pk", filter=pending & running & Q(due_date__lt=scope.today)),
            not_due=Count("pk", filter=pending & running & Q(due_date__gte=scope.today)),
            stopped=Count("pk", filter=pending & ~running),
        )
        .order_by()
    )
    by_key = {row["key"]: row for row in figures}
    labels = child_labels(scope.region, by_key)
    return [
        MilestoneRow(key=key, label=labels.get(key, key), **{state: by_key[key][state] for state in STATES})
        for key in ordered_keys(by_key)
    ]


def milestones_total(rows: list[MilestoneRow]) -> MilestoneRow:
    total = MilestoneRow(key="total", label=_("合计"))
    for row in rows:
        for state in STATES:
            setattr(total, state, getattr(total, state) + getattr(row, state))
    return total
