"""What service delivery tells the public: children served, service hours and outcome improvement, for a set of
grants (a brand's, the province's, a page of the funded-projects list).

Every figure is a database aggregate (a fixed number of queries whatever the number of grants, logs or children), and
every count of children leaves through ``core.disclosure``: counts from 1 to 4 show as "<5", and a group of counts
shown beside its total is suppressed together (complementary suppression).

Counts per grant are suppressed within a fixed group, the grant's brand program (grants of no brand form one group),
whatever list or filter shows them: a brand page shows the brand's total beside its projects, and a grant's count is
hidden or shown the same way on every page, so that no filter combination leaves a single hidden cell to be recovered
from that total by subtraction. The funded-projects list shows no children total of its own for the same reason.

A child counts from the guardian's consent (the day the service began, as entered), like the officers' summary.

The figures of a whole brand or of the province take an optional ``rollup`` (``delivery.selectors.rollups``): the
same counts, precomputed per scope, read in two queries instead of adding up every log and enrolment; suppression is
applied to them here exactly as to the live counts.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from core.disclosure import Count as PublicCount
from core.disclosure import public_count, public_counts
from core.models import ChildCategory, Region, RegionLevel, ServiceType
from programs.models import IndicatorDirection, MeasuredPer

from .models import Beneficiary, Enrolment, MeasurementPhase, OutcomeMeasurement, ServiceLog
from .selectors.rollups import Rollup, county_code


def hours(minutes) -> Decimal:
    """Minutes as hours with one decimal."""
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _ids(grants):
    """The grants' ids as a subquery (never a list pulled into Python)."""
    return grants.order_by().values("pk")


def _enrolments(grants, today: datetime.date | None = None):
    return Enrolment.objects.filter(grant__in=_ids(grants), consent_date__lte=today or timezone.localdate())


# ---- Figures for a set of grants (a brand, the province) ----


@dataclass
class Cell:
    """One labelled count of children as the public may see it."""

    key: str
    label: str
    count: PublicCount


def children_by_county(grants, today=None, rollup: Rollup | None = None) -> tuple[list[Cell], PublicCount]:
    """Children served, by the county they live in, and their total (each child lives in one county, so the cells add
    up to the total: suppressed together). Counties with no child are left out."""
    if rollup:
        by_path = rollup.children["county"]
        names = dict(Region.objects.filter(path__in=list(by_path)).values_list("path", "name"))
        counts = {county_code(path): n for path, n in sorted(by_path.items(), key=lambda item: county_code(item[0]))}
        names = {county_code(path): name for path, name in names.items()}
        cells, total = public_counts(counts)
        return [Cell(code, names.get(code, code), cells[code]) for code in counts], total
    rows = (
        _enrolments(grants, today)
        .values("beneficiary__county__code", "beneficiary__county__name")
        .annotate(n=Count("beneficiary", distinct=True))
        .order_by("beneficiary__county__code")
    )
    names = {}
    counts = {}
    for row in rows:
        code = row["beneficiary__county__code"]
        names[code] = row["beneficiary__county__name"]
        counts[code] = row["n"]
    cells, total = public_counts(counts)
    return [Cell(code, names[code], cells[code]) for code in counts], total


def children_by_category(grants, today=None, rollup: Rollup | None = None) -> list[Cell]:
    """Children served in each child category (all active categories, zeros included; a child may be in several).
    The served children are found first (a subquery on the enrolments), then counted per category: counting every
    child of the platform per category and filtering afterwards would read them all (see docs/benchmarks.md)."""
    if rollup:
        counts = {int(key): n for key, n in rollup.children["category"].items()}
    else:
        through = Beneficiary.categories.through
        counts = dict(
            through.objects.filter(beneficiary__in=_enrolments(grants, today).values("beneficiary"))
            .values("childcategory")
            .annotate(n=Count("beneficiary", distinct=True))
            .values_list("childcategory", "n")
            .order_by()
        )
    categories = list(ChildCategory.objects.active().order_by("order", "code"))
    cells, _total = public_counts({category.code: counts.get(category.pk, 0) for category in categories})
    return [Cell(category.code, category.name, cells[category.code]) for category in categories]


def _rollup_minutes(rollup: Rollup) -> list[tuple[datetime.date, int, int]]:
    """(month, service type id, minutes) of the rollup's scope, read once per page."""
    if "minutes" not in rollup.cache:
        rows = rollup.months("month", "service_type").values_list("month", "service_type", "minutes_sum")
        rollup.cache["minutes"] = list(rows)
    return rollup.cache["minutes"]


def service_hours(grants, rollup: Rollup | None = None) -> Decimal:
    """All service hours logged on the grants (professional and volunteer)."""
    if rollup:
        return hours(sum(minutes for _month, _type, minutes in _rollup_minutes(rollup)))
    return hours(ServiceLog.objects.filter(grant__in=_ids(grants)).aggregate(m=Sum("minutes"))["m"])


def hours_by_service_type(grants, rollup: Rollup | None = None) -> list[tuple[str, Decimal]]:
    """(service type name, hours) for each type with logged hours, in the vocabulary's order."""
    if rollup:
        minutes: dict[int, int] = defaultdict(int)
        for _month, service_type, total in _rollup_minutes(rollup):
            minutes[service_type] += total
        minutes = {key: value for key, value in minutes.items() if value}
    else:
        minutes = _minutes_by_type(grants)
    types = ServiceType.objects.filter(pk__in=list(minutes)).order_by("order", "code")
    return [(service_type.name, hours(minutes[service_type.pk])) for service_type in types]


def _minutes_by_type(grants) -> dict[int, int]:
    return dict(
        ServiceLog.objects.filter(grant__in=_ids(grants))
        .values("service_type")
        .annotate(m=Sum("minutes"))
        .values_list("service_type", "m")
        .order_by()
    )


@dataclass
class QuarterRow:
    quarter: datetime.date  # the first day of the quarter
    hours: Decimal
    children: PublicCount  # children whose service began in the quarter


def quarterly_delivery(grants, today=None, rollup: Rollup | None = None) -> list[QuarterRow]:
    """Per quarter, from the first with data to the last: service hours logged, and children whose service began
    (the quarters are suppressed together: their sum is close to the total shown beside them)."""
    if rollup:
        minutes, started = _rollup_quarters(rollup)
    else:
        minutes, started = _live_quarters(grants, today)
    quarters = quarter_range(set(minutes) | set(started))
    cells, _total = public_counts({quarter: started.get(quarter, 0) for quarter in quarters})
    return [QuarterRow(quarter, hours(minutes.get(quarter)), cells[quarter]) for quarter in quarters]


def _quarter_of(month: datetime.date) -> datetime.date:
    return datetime.date(month.year, (month.month - 1) // 3 * 3 + 1, 1)


def _rollup_quarters(rollup: Rollup) -> tuple[dict, dict]:
    minutes: dict[datetime.date, int] = defaultdict(int)
    for month, _type, total in _rollup_minutes(rollup):
        minutes[_quarter_of(month)] += total
    started = {datetime.date.fromisoformat(key[:10]): n for key, n in rollup.children["quarter"].items()}
    return dict(minutes), started


def _live_quarters(grants, today) -> tuple[dict, dict]:
    minutes = {
        row["quarter"]: row["m"]
        for row in ServiceLog.objects.filter(grant__in=_ids(grants))
        .annotate(quarter=TruncQuarter("date"))
        .values("quarter")
        .annotate(m=Sum("minutes"))
        .order_by()
    }
    started = {
        row["quarter"]: row["n"]
        for row in _enrolments(grants, today)
        .annotate(quarter=TruncQuarter("consent_date"))
        .values("quarter")
        .annotate(n=Count("beneficiary", distinct=True))
        .order_by()
    }
    return minutes, started


def quarter_range(quarters) -> list[datetime.date]:
    """Every quarter from the earliest to the latest of ``quarters`` (first days), gaps filled."""
    if not quarters:
        return []
    first, last = min(quarters), max(quarters)
    result = []
    current = first
    while current <= last:
        result.append(current)
        month = current.month + 3
        current = datetime.date(current.year + (month > 12), (month - 1) % 12 + 1, 1)
    return result


def covered_counties(grants):
    """County-level regions the grants serve: a county served itself, inside a served 市州 or province, or holding a
    served township. Two queries: the distinct paths the grants serve (a few dozen), then the counties matching
    them by prefix. (Correlated EXISTS per county re-read every grant's service regions for each of the 103
    counties: 0.4 s for a brand at the medium size, see docs/benchmarks.md.)"""
    served = set(
        Region.objects.filter(served_grants__in=_ids(grants)).order_by().values_list("path", "level").distinct()
    )
    # A county equal to a served region or to one of its ancestors (it holds a served township) ...
    within = {path[: i + 1] for path, _level in served for i, char in enumerate(path) if char == "/"}
    covering = Q(path__in=within)
    # ... or below a served 市州 or the province.
    for path, level in served:
        if level in (RegionLevel.PROVINCE, RegionLevel.PREFECTURE):
            covering |= Q(path__startswith=path)
    return Region.objects.filter(level=RegionLevel.COUNTY).filter(covering)


# ---- Figures per grant (the funded-projects list, its downloads, a brand's projects) ----


@dataclass
class GrantOutputs:
    children: PublicCount
    hours: Decimal
    # Children (times indicators) measured before and after, and the share of them improved, in %; the share is None
    # when too few were measured, or when the improved or the others would be a small count.
    measured: PublicCount
    improved_percent: Decimal | None


def grant_outputs(grants, today=None) -> dict[int, GrantOutputs]:
    """Outputs and outcomes of each grant of ``grants``: four queries, whatever their number."""
    shown = list(grants.order_by().values_list("pk", "brand_program"))
    children = _children_per_grant({brand for _pk, brand in shown}, today)
    minutes = dict(
        ServiceLog.objects.filter(grant__in=_ids(grants))
        .values("grant")
        .annotate(m=Sum("minutes"))
        .values_list("grant", "m")
        .order_by()
    )
    outcomes = _improvement_per_grant(grants)
    result = {}
    for pk, _brand in shown:
        measured, improved = outcomes.get(pk, (0, 0))
        result[pk] = GrantOutputs(
            children=children.get(pk, PublicCount(0)),
            hours=hours(minutes.get(pk)),
            measured=public_count(measured),
            improved_percent=_improved_percent(measured, improved),
        )
    return result


def _children_per_grant(brands: set, today) -> dict[int, PublicCount]:
    """Children per grant for every grant of the given brand programs (None: the grants of no brand), each brand's
    grants suppressed together, so a grant's count is hidden the same way on every page."""
    if not brands:
        return {}
    in_groups = Q(grant__brand_program__in=[brand for brand in brands if brand is not None])
    if None in brands:
        in_groups |= Q(grant__brand_program__isnull=True)
    rows = (
        Enrolment.objects.filter(in_groups, consent_date__lte=today or timezone.localdate())
        .values("grant", "grant__brand_program")
        .annotate(n=Count("pk"))
        .order_by()
    )
    groups: dict = defaultdict(dict)
    for row in rows:
        groups[row["grant__brand_program"]][row["grant"]] = row["n"]
    result = {}
    for counts in groups.values():
        cells, _total = public_counts(counts)
        result.update(cells)
    return result


def _improvement_per_grant(grants) -> dict[int, tuple[int, int]]:
    """{grant: (child-indicator pairs measured before and after, pairs improved)} over per-child indicators: the first
    baseline against the latest follow-up, improved in the indicator's direction. One query."""
    same = OutcomeMeasurement.objects.filter(
        grant=OuterRef("grant"), indicator=OuterRef("indicator"), beneficiary=OuterRef("beneficiary")
    )
    earlier_baseline = same.filter(phase=MeasurementPhase.BASELINE).filter(
        Q(measured_on__lt=OuterRef("measured_on")) | Q(measured_on=OuterRef("measured_on"), pk__lt=OuterRef("pk"))
    )
    latest = same.filter(phase=MeasurementPhase.FOLLOWUP).order_by("-measured_on", "-pk").values("value")[:1]
    improved = Case(
        When(indicator__direction=IndicatorDirection.HIGHER, latest__gt=F("value"), then=1),
        When(indicator__direction=IndicatorDirection.LOWER, latest__lt=F("value"), then=1),
        default=0,
    )
    rows = (
        OutcomeMeasurement.objects.filter(
            grant__in=_ids(grants),
            phase=MeasurementPhase.BASELINE,
            beneficiary__isnull=False,
            indicator__measured_per=MeasuredPer.CHILD,
        )
        .exclude(Exists(earlier_baseline))
        .annotate(latest=Subquery(latest, output_field=DecimalField(max_digits=12, decimal_places=2)))
        .filter(latest__isnull=False)
        .annotate(improved=improved)
        .values("grant")
        .annotate(measured=Count("pk"), better=Sum("improved"))
        .values_list("grant", "measured", "better")
        .order_by()
    )
    return {grant: (measured, better or 0) for grant, measured, better in rows}


def _improved_percent(measured: int, improved: int) -> Decimal | None:
    """The share improved, unless it would let a reader work out a small count of children (improved, or not)."""
    cells, total = public_counts({"improved": improved, "not_improved": measured - improved})
    if total.hidden or not measured or any(cell.hidden for cell in cells.values()):
        return None
    return (Decimal(improved * 100) / measured).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _public_figures(grants) -> dict[int, dict]:
    return {
        pk: {
            "children_served": outputs.children,
            "service_hours": outputs.hours,
            "outcome_measured": outputs.measured,
            "improved_percent": outputs.improved_percent,
        }
        for pk, outputs in grant_outputs(grants).items()
    }


def register_public_figures() -> None:
    """Called from ``DeliveryConfig.ready()``: the funded-projects pages and downloads show these columns."""
    from django.utils.translation import gettext_lazy as _

    from grants.public_figures import FigureColumn, FigureProvider, register_figures

    register_figures(
        FigureProvider(
            columns=[
                FigureColumn("children_served", _("服务儿童（人）"), "#,##0"),
                FigureColumn("service_hours", _("服务时长（小时）"), "#,##0.0"),
                FigureColumn("outcome_measured", _("完成前后测（人次）"), "#,##0"),
                FigureColumn("improved_percent", _("成效改善比例（%）"), "0.0"),
            ],
            figures=_public_figures,
        )
    )
