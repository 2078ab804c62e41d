"""Calls and the applications they received, per call, with the success rate.

Calls issued in the region's subtree, published, whose application window opened in the period. An application
counts once submitted (drafts and withdrawn applications do not); the success rate is approved / (approved +
rejected), i.e. over the applications decided so far. One aggregate query.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from programs.models import ApplicationStatus, Call

from .base import Scope, percent

NOT_RECEIVED = (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN)


@dataclass
class CallRow:
    pk: int
    title: str
    issuing_region: str
    opens_on: object
    total_budget: Decimal
    received: int
    approved: int
    rejected: int

    @property
    def pending(self) -> int:
        return self.received - self.approved - self.rejected

    @property
    def success_rate(self) -> Decimal | None:
        return percent(self.approved, self.approved + self.rejected)


def calls_with_applications(scope: Scope) -> list[CallRow]:
    calls = (
        Call.objects.published()
        .issued_in(scope.region)
        .annotate(opens_on=TruncDate("opens_at"))
        .filter(**scope.in_period("opens_on"))
        .annotate(
            received=Count("applications", filter=~Q(applications__status__in=NOT_RECEIVED)),
            approved=Count("applications", filter=Q(applications__status=ApplicationStatus.APPROVED)),
            rejected=Count("applications", filter=Q(applications__status=ApplicationStatus.REJECTED)),
        )
        .order_by("-opens_at", "-pk")
        .values("pk", "title", "issuing_region__name", "opens_on", "total_budget", "received", "approved", "rejected")
    )
    return [
        CallRow(
            pk=row["pk"],
            title=row["title"],
            issuing_region=row["issuing_region__name"],
            opens_on=row["opens_on"],
            total_budget=row["total_budget"],
            received=row["received"],
            approved=row["approved"],
            rejected=row["rejected"],
        )
        for row in calls
    ]


def calls_total(rows: list[CallRow]) -> CallRow:
    return CallRow(
        pk=0,
        title="",
        issuing_region="",
        opens_on=None,
        total_budget=sum((row.total_budget for row in rows), Decimal("0.00")),
        received=sum(row.received for row in rows),
        approved=sum(row.approved for row in rows),
        rejected=sum(row.rejected for row in rows),
    )
