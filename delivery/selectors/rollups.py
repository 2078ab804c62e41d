"""Reading the rollups (``delivery.models.rollups``): a scope's distinct children per figure and its service minutes
per month, in one query each, and when they were rebuilt (``refreshed_at``, shown on the pages as 数据更新于 …).

``rollup_for`` returns None while no rollup was ever built: the pages then compute their figures from the live data,
as they did before the rollups existed (a fresh installation, the tests that do not build them)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q, Sum

from ..models import ChildCount, RollupState, ServiceMonth
from ..models.rollups import ALL, brand_scope, region_scope

__all__ = ["ALL", "Rollup", "brand_scope", "county_code", "region_scope", "rollup_for"]


def county_code(path: str) -> str:
    """The code of the region whose path is ``path`` (its last segment)."""
    return path.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class Rollup:
    scope: str
    refreshed_at: datetime.datetime
    as_of: datetime.date
    # What one page reads once and several figures share.
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def children(self) -> dict[str, dict[str, int]]:
        """dimension → key → distinct children (``ChildDimension``); one query for every figure of the scope."""
        figures: dict[str, dict[str, int]] = defaultdict(dict)
        rows = ChildCount.objects.filter(scope=self.scope).values_list("dimension", "key", "children").order_by()
        for dimension, key, count in rows:
            figures[dimension][key] = count
        return figures

    @property
    def children_total(self) -> int:
        return self.children["total"].get("", 0)

    def months(self, *group: str, first: datetime.date | None = None, before: datetime.date | None = None):
        """Sessions and minutes summed per ``group`` (fields of ``ServiceMonth``) over the months from ``first`` up
        to, not including, ``before`` (either open)."""
        where = Q(scope=self.scope)
        if first:
            where &= Q(month__gte=first)
        if before:
            where &= Q(month__lt=before)
        return (
            ServiceMonth.objects.filter(where)
            .values(*group)
            .annotate(
                sessions_sum=Sum("sessions"),
                minutes_sum=Sum("minutes"),
                professional_sum=Sum("professional_minutes"),
            )
            .order_by()
        )


def rollup_for(scope: str, state: RollupState | None = None) -> Rollup | None:
    """The rollup of ``scope`` (``region_scope``, ``brand_scope`` or ``ALL``), or None when none was built yet."""
    if state is None:
        state = RollupState.objects.order_by("-refreshed_at").first()
    if state is None:
        return None
    return Rollup(scope=scope, refreshed_at=state.refreshed_at, as_of=state.as_of)
