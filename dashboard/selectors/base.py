"""What every dashboard figure is computed over: a region and a period (``Scope``), and the SQL expression that
rolls a row up to the level just below the region (its 市州, or its county)."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from core.models import Region
from delivery.selectors.rollups import Rollup, region_scope, rollup_for

# Keys of the rows that do not belong to a region one level down.
OWN_LEVEL = ""  # the region itself (e.g. grants issued by the 市州 bureau itself: 市本级)
OUTSIDE = "^"  # outside the region (a child served by the region's grant but living elsewhere)


@dataclass(frozen=True)
class Scope:
    """The dashboard's question: this region's subtree, in this period. ``date_from``/``date_to`` may be open;
    ``end`` is the day stock figures (paid so far, overdue) are taken on."""

    region: Region
    date_from: datetime.date | None
    date_to: datetime.date | None
    today: datetime.date
    # What the tables of one page share (the rollup read once per request, see ``rollup``).
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def open_period(self) -> bool:
        return self.date_from is None and self.date_to is None

    @property
    def end(self) -> datetime.date:
        return min(self.date_to, self.today) if self.date_to else self.today

    def in_period(self, field: str) -> dict:
        """Lookups keeping ``field`` (a date) inside the period."""
        lookups = {}
        if self.date_from:
            lookups[f"{field}__gte"] = self.date_from
        if self.date_to:
            lookups[f"{field}__lte"] = self.date_to
        return lookups


# The rollups are kept per province, 市州 and county (delivery.services.rollups.REGION_DEPTHS).
ROLLUP_MAX_DEPTH = 2


def rollup(scope: Scope) -> Rollup | None:
    """The rollup of the scope's region (read once per page), or None when none was built yet or the region is below
    the counties: the figures are then computed from the live data."""
    if "rollup" not in scope.cache:
        region = scope.region
        found = rollup_for(region_scope(region)) if region.depth <= ROLLUP_MAX_DEPTH else None
        scope.cache["rollup"] = found
    return scope.cache["rollup"]


def child_code(path_field: str, region: Region):
    """The code of the region one level below ``region`` that contains the row's region (its ``path`` is
    ``path_field``): ``OWN_LEVEL`` for ``region`` itself, ``OUTSIDE`` for a region elsewhere. One SQL expression,
    so rows are grouped by the database (codes down to the county are six digits)."""
    return Case(
        When(**{f"{path_field}__startswith": region.path}, then=Substr(path_field, len(region.path) + 1, 6)),
        default=Value(OUTSIDE),
        output_field=CharField(),
    )


def child_labels(region: Region, codes) -> dict[str, str]:
    """Names for the keys ``child_code`` produced (one query)."""
    own = _("%(region)s本级") % {"region": region.name}
    labels = {OWN_LEVEL: own, OUTSIDE: _("辖区外")}
    labels.update(Region.objects.filter(code__in=[c for c in codes if c not in labels]).values_list("code", "name"))
    return labels


def ordered_keys(keys) -> list[str]:
    """The region itself first, then its subregions by code, then "outside"."""
    return sorted(keys, key=lambda k: (k == "^", k != "", k))


def percent(part, whole):
    """part/whole in %, one decimal, or None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
