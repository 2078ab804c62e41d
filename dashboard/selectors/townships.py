"""Township coverage (乡镇覆盖): for each county of the region, how many of its townships (乡镇街道, the region tree's
fourth level) have at least one child served by the region's grants living there. A child's township is the name on
their file (a free-text field checked against the county's townships: a name that is not one of them counts as
unplaced, not as a township). The children are counted in the database per (county, township name); Python only
matches those pairs (at most a few per township) against the region tree's 1,464 township names."""

from dataclasses import dataclass

from django.db.models import Count

from core.models import Region, RegionLevel

from .base import Scope, percent
from .delivery import served_children


@dataclass
class TownshipRow:
    code: str
    name: str
    townships: int
    covered: int
    children_placed: int

    @property
    def coverage(self):
        return percent(self.covered, self.townships)


def township_coverage(scope: Scope) -> list[TownshipRow]:
    """Every county of the region (the region itself when it is a county) that has townships in the tree.

    The served children are grouped by (county, township name) in the database, one row per pair, and the pairs are
    then checked against the county's townships: a correlated lookup per child planned badly at scale (a loop over
    the county's townships for each of 50,000 children, docs/benchmarks.md)."""
    counties = Region.objects.subtree(scope.region).filter(level=RegionLevel.COUNTY)
    townships = Region.objects.filter(level=RegionLevel.TOWNSHIP, parent__in=counties.values("pk"))
    totals: dict[str, int] = {}
    known: set[tuple[str, str]] = set()
    for county_code, name in townships.values_list("parent__code", "name").order_by():
        totals[county_code] = totals.get(county_code, 0) + 1
        known.add((county_code, name))
    covered: dict[str, int] = {}
    placed: dict[str, int] = {}
    pairs = (
        served_children(scope)
        .filter(county__in=counties.values("pk"))
        .exclude(township="")
        .values("county__code", "township")
        .annotate(children=Count("pk"))
        .values_list("county__code", "township", "children")
        .order_by()
    )
    for county_code, township, children in pairs:
        if (county_code, township) in known:
            covered[county_code] = covered.get(county_code, 0) + 1
            placed[county_code] = placed.get(county_code, 0) + children
    names = dict(counties.filter(code__in=list(totals)).values_list("code", "name"))
    return [
        TownshipRow(
            code=code,
            name=names.get(code, code),
            townships=totals[code],
            covered=covered.get(code, 0),
            children_placed=placed.get(code, 0),
        )
        for code in sorted(totals)
    ]


def township_coverage_total(rows: list[TownshipRow]) -> TownshipRow:
    return TownshipRow(
        code="total",
        name="",
        townships=sum(row.townships for row in rows),
        covered=sum(row.covered for row in rows),
        children_placed=sum(row.children_placed for row in rows),
    )
