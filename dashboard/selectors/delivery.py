"""Children served, service hours and outcome indicators, from the service data of the region's grants.

The grants are those issued in the region's subtree (the same grants as the money figures, whatever their signing
date). A child counts as served in the period when enrolled on one of them (guardian consent on or before the
period's end) and that grant ran in the period; a child served by two grants, or in two categories, is one child in
the total and counts in each of their categories. Hours are the minutes of service logs dated in the period. Every
figure is one aggregate query; none loads children or logs into Python.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)

from core.models import ChildCategory, Region, ServiceType
from delivery.models import Beneficiary, Enrolment, MeasurementPhase, OutcomeMeasurement, ServiceForm, ServiceLog
from grants.models import Grant
from programs.models import IndicatorDirection, MeasuredPer

from .base import Scope, child_code, child_labels, ordered_keys, percent


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


def children_total(scope: Scope) -> int:
    return served_children(scope).count()


def children_by_category(scope: Scope) -> list[CountRow]:
    """Per category (儿童类别), every active category listed, zeros included."""
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
    return dict(
        served_children(scope)
        .values("county__code")
        .annotate(n=Count("pk"))
        .values_list("county__code", "n")
        .order_by()
    )


def grants_by_service_county(scope: Scope) -> dict[str, int]:
    """County code → the region's grants (running in the period) serving it: serving the county itself or a region
    containing it (a grant serving all of 恩施州 serves each of its counties). One query, each grant once per county."""
    through = Grant.service_regions.through
    serving = (
        through.objects.filter(grant__in=scope_grants(scope).values("pk"))
        .annotate(county_path=ExpressionWrapper(OuterRef("path"), output_field=CharField()))
        .filter(county_path__startswith=F("region__path"))
        .annotate(one=Value(1))
        .values("one")  # a constant: no GROUP BY, one row per county
        .annotate(n=Count("grant", distinct=True))
        .values("n")
    )
    return dict(
        Region.objects.counties().annotate(n=Subquery(serving)).filter(n__gt=0).values_list("code", "n").order_by()
    )


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


def service_hours(scope: Scope) -> list[HoursRow]:
    """Per service type and form: sessions (logs), hours, of which by roster staff (professional) and volunteers."""
    # Grouped by the service type's id, not joined to its name: the join costs a third of the time of this scan over
    # every log in the region (docs/benchmarks.md); the eleven names are one small query.
    rows = (
        ServiceLog.objects.filter(grant__in=Grant.objects.in_region(scope.region).values("pk"))
        .filter(**scope.in_period("date"))
        .values("service_type", "form")
        .annotate(
            sessions=Count("pk"),
            total_minutes=Sum("minutes"),
            professional=Sum("minutes", filter=Q(staff_member__isnull=False)),
            volunteer=Sum("minutes", filter=Q(staff_member__isnull=True)),
        )
        .order_by()
    )
    types = {t.pk: t for t in ServiceType.objects.all()}
    rows = sorted(rows, key=lambda r: (types[r["service_type"]].order, types[r["service_type"]].name, r["form"]))
    return [
        HoursRow(
            service_type=types[row["service_type"]].name,
            form=str(ServiceForm(row["form"]).label),
            sessions=row["sessions"],
            minutes=row["total_minutes"] or 0,
            professional_minutes=row["professional"] or 0,
            volunteer_minutes=row["volunteer"] or 0,
        )
        for row in rows
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
