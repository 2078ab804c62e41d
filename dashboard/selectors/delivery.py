"""Children served, service hours and outcome indicators, from the service data of the region's grants.

The grants are those issued in the region's subtree (the same grants as the money figures, whatever their signing
date). A child counts as served in the period when enrolled on one of them (guardian consent on or before the
period's end) and that grant ran in the period; a child served by two grants, or in two categories, is one child in
the total and counts in each of their categories. Hours are the minutes of service logs dated in the period. Every
figure is one aggregate query; none loads children or logs into Python.

Once the rollups are built (``delivery.services.rollups``), the children figures of an open period come from the
region's distinct counts and the hours from its months: the full months of the period from the rollup, the days of a
month the period only partly covers from the logs (index ``grant, date``). A period's children cannot be summed from
months (a child is counted once whatever the grants that ran), so a dated period counts them from the live data.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)

from core.models import ChildCategory, Region, ServiceType
from delivery.models import Beneficiary, Enrolment, MeasurementPhase, OutcomeMeasurement, ServiceForm, ServiceLog
from delivery.selectors.rollups import Rollup, county_code
from grants.models import Grant
from programs.models import IndicatorDirection, MeasuredPer

from .base import OUTSIDE, Scope, child_code, child_labels, ordered_keys, percent, rollup


def scope_grants(scope: Scope):
    """The region's grants that ran (at least partly) in the period."""
    grants = Grant.objects.in_region(scope.region)
    if scope.date_from:
        grants = grants.filter(end_date__gte=scope.date_from)
    if scope.date_to:
        grants = grants.filter(start_date__lte=scope.date_to)
    return grants


def served_children(scope: Scope):
    """Children enrolled, by the period's end, on a grant of the region that ran in the period (an EXISTS: each child
    once)."""
    enrolments = Enrolment.objects.filter(
        beneficiary=OuterRef("pk"), grant__in=scope_grants(scope).values("pk"), consent_date__lte=scope.end
    )
    return Beneficiary.objects.filter(Exists(enrolments))


@dataclass
class CountRow:
    key: str
    label: str
    count: int


def children_rollup(scope: Scope) -> Rollup | None:
    """The rollup, when it can answer the children figures (an open period)."""
    return rollup(scope) if scope.open_period else None


def children_total(scope: Scope) -> int:
    found = children_rollup(scope)
    return found.children_total if found else served_children(scope).count()


def children_by_category(scope: Scope) -> list[CountRow]:
    """Per category (儿童类别), every active category listed, zeros included."""
    found = children_rollup(scope)
    if found:
        counts = {int(key): n for key, n in found.children["category"].items()}
    else:
        through = Beneficiary.categories.through
        counts = dict(
            through.objects.filter(beneficiary__in=served_children(scope).values("pk"))
            .values("childcategory")
            .annotate(n=Count("beneficiary", distinct=True))
            .values_list("childcategory", "n")
            .order_by()
        )
    categories = ChildCategory.objects.filter(Q(is_active=True) | Q(pk__in=list(counts))).order_by("order", "code")
    return [CountRow(key=c.code, label=c.name, count=counts.get(c.pk, 0)) for c in categories]


def children_by_region(scope: Scope) -> list[CountRow]:
    """Per the region one level down where the child lives (their county's 市州, or the county)."""
    found = children_rollup(scope)
    if found:
        # Each child lives in one county, so the counties' distinct counts add up per region.
        path, counts = scope.region.path, {}
        for county_path, n in found.children["county"].items():
            key = county_path[len(path) : len(path) + 6] if county_path.startswith(path) else OUTSIDE
            counts[key] = counts.get(key, 0) + n
    else:
        counts = dict(
            served_children(scope)
            .annotate(key=child_code("county__path", scope.region))
            .values("key")
            .annotate(n=Count("pk"))
            .values_list("key", "n")
            .order_by()
        )
    labels = child_labels(scope.region, counts)
    return [CountRow(key=key, label=labels.get(key, key), count=counts[key]) for key in ordered_keys(counts)]


def children_by_county(scope: Scope) -> dict[str, int]:
    """County code → children living there (for the map; counties outside the region included: the figure is the
    region's grants' reach)."""
    found = children_rollup(scope)
    if found:
        return {county_code(path): n for path, n in found.children["county"].items()}
    return dict(
        served_children(scope)
        .values("county__code")
        .annotate(n=Count("pk"))
        .values_list("county__code", "n")
        .order_by()
    )


def grants_by_service_county(scope: Scope) -> dict[str, int]:
    """County code → the region's grants (running in the period) serving it: serving the county itself or a region
    containing it (a grant serving all of 恩施州 serves each of its counties), each grant once per county.

    Two queries: the (grant, served region path) pairs of the grants (a few per grant) and the counties; matched by
    prefix in Python once per distinct path. A correlated subquery per county re-read every grant's service regions
    for each of the 103 counties (0.65 s at the medium size, docs/benchmarks.md)."""
    through = Grant.service_regions.through
    pairs = (
        through.objects.filter(grant__in=scope_grants(scope).values("pk"))
        .values_list("grant_id", "region__path")
        .order_by()
    )
    counties = list(Region.objects.counties().values_list("path", "code").order_by())
    covering: dict[str, list[str]] = {}
    grants: dict[str, set[int]] = {}
    for grant, path in pairs:
        if path not in covering:
            covering[path] = [code for county_path, code in counties if county_path.startswith(path)]
        for code in covering[path]:
            grants.setdefault(code, set()).add(grant)
    return {code: len(ids) for code, ids in grants.items()}


def _hours(minutes) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class HoursRow:
    service_type: str
    form: str
    sessions: int
    minutes: int
    professional_minutes: int
    volunteer_minutes: int

    @property
    def hours(self) -> Decimal:
        return _hours(self.minutes)

    @property
    def professional_hours(self) -> Decimal:
        return _hours(self.professional_minutes)

    @property
    def volunteer_hours(self) -> Decimal:
        return _hours(self.volunteer_minutes)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def full_months(scope: Scope) -> tuple[datetime.date | None, datetime.date | None]:
    """(first, before): the months wholly inside the period start on ``first`` and end before ``before`` (either
    open); the period's other days are in months it only partly covers."""
    first, last = scope.date_from, scope.date_to
    if first and first.day != 1:
        first = _next_month(first)
    before = None
    if last:
        before = _next_month(last) if _next_month(last) - datetime.timedelta(days=1) == last else last.replace(day=1)
    return first, before


def _log_cells(scope: Scope, where: Q) -> list[dict]:
    return list(
        ServiceLog.objects.filter(grant__in=Grant.objects.in_region(scope.region).values("pk"))
        .filter(where)
        .values("service_type", "form")
        .annotate(
            sessions_sum=Count("pk"),
            minutes_sum=Sum("minutes"),
            professional_sum=Sum("minutes", filter=Q(staff_member__isnull=False)),
        )
        .order_by()
    )


def _hour_cells(scope: Scope) -> list[dict]:
    """Sessions and minutes per (service type, form) in the period: the full months from the rollup, the rest of the
    days from the logs (one query each); every day from the logs when there is no rollup."""
    found = rollup(scope)
    if found is None:
        return _log_cells(scope, Q(**scope.in_period("date")))
    first, before = full_months(scope)
    start, end = scope.date_from, scope.date_to
    if first and before and first >= before:  # no whole month: every day of the period from the logs
        return _log_cells(scope, Q(**scope.in_period("date")))
    cells = list(found.months("service_type", "form", first=first, before=before))
    edges = Q(pk__in=[])
    if start and start < first:
        edges |= Q(date__gte=start, date__lt=first)
    if end and before <= end:
        edges |= Q(date__gte=before, date__lte=end)
    if (start and start < first) or (end and before <= end):
        cells += _log_cells(scope, edges)
    return cells


def service_hours(scope: Scope) -> list[HoursRow]:
    """Per service type and form: sessions (logs), hours, of which by roster staff (professional) and volunteers."""
    # Grouped by the service type's id, not joined to its name: the join costs a third of the time of this scan over
    # every log in the region (docs/benchmarks.md); the eleven names are one small query.
    sums: dict[tuple, list[int]] = {}
    for cell in _hour_cells(scope):
        target = sums.setdefault((cell["service_type"], cell["form"]), [0, 0, 0])
        target[0] += cell["sessions_sum"] or 0
        target[1] += cell["minutes_sum"] or 0
        target[2] += cell["professional_sum"] or 0
    types = {t.pk: t for t in ServiceType.objects.all()}
    keys = sorted(sums, key=lambda k: (types[k[0]].order, types[k[0]].name, k[1]))
    return [
        HoursRow(
            service_type=types[type_id].name,
            form=str(ServiceForm(form).label),
            sessions=sums[type_id, form][0],
            minutes=sums[type_id, form][1],
            professional_minutes=sums[type_id, form][2],
            volunteer_minutes=sums[type_id, form][1] - sums[type_id, form][2],
        )
        for type_id, form in keys
        if sums[type_id, form][0]
    ]


@dataclass
class OutcomeRow:
    indicator: str
    call: str
    direction: str
    target: Decimal | None
    measured: int
    improved: int

    @property
    def improvement_rate(self) -> Decimal | None:
        return percent(self.improved, self.measured)


def outcome_improvement(scope: Scope) -> list[OutcomeRow]:
    """Per per-child indicator: pairs (grant, child) with a baseline and a follow-up measured in the period, and of
    those, how many improved (the latest follow-up better than the first baseline, in the indicator's direction).
    One query: the first baseline of each pair, the pair's latest follow-up as a subquery, counted per indicator."""
    same_pair = OutcomeMeasurement.objects.filter(
        grant=OuterRef("grant"), indicator=OuterRef("indicator"), beneficiary=OuterRef("beneficiary")
    )
    earlier_baseline = same_pair.filter(phase=MeasurementPhase.BASELINE).filter(
        Q(measured_on__lt=OuterRef("measured_on")) | Q(measured_on=OuterRef("measured_on"), pk__lt=OuterRef("pk"))
    )
    latest = (
        same_pair.filter(phase=MeasurementPhase.FOLLOWUP, **scope.in_period("measured_on"))
        .filter(measured_on__lte=scope.end)
        .order_by("-measured_on", "-pk")
        .values("value")[:1]
    )
    better = Q(indicator__direction=IndicatorDirection.HIGHER, latest__gt=F("value")) | Q(
        indicator__direction=IndicatorDirection.LOWER, latest__lt=F("value")
    )
    rows = (
        OutcomeMeasurement.objects.filter(
            grant__in=Grant.objects.in_region(scope.region).values("pk"),
            indicator__measured_per=MeasuredPer.CHILD,
            phase=MeasurementPhase.BASELINE,
            beneficiary__isnull=False,
        )
        .exclude(Exists(earlier_baseline))
        .annotate(latest=Subquery(latest, output_field=DecimalField(max_digits=12, decimal_places=2)))
        .filter(latest__isnull=False)
        .values("indicator", "indicator__name", "indicator__call__title", "indicator__direction", "indicator__target")
        .annotate(measured=Count("pk"), improved=Count("pk", filter=better))
        .order_by("indicator__call__title", "indicator__name", "indicator")
    )
    return [
        OutcomeRow(
            indicator=row["indicator__name"],
            call=row["indicator__call__title"],
            direction=str(IndicatorDirection(row["indicator__direction"]).label),
            target=row["indicator__target"],
            measured=row["measured"],
            improved=row["improved"],
        )
        for row in rows
    ]
