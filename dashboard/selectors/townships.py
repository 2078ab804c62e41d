"""Township coverage (乡镇覆盖): for each county of the region, how many of its townships (乡镇街道, the region tree's
fourth level) have at least one child served by the region's grants living there. A child's township is the name on
their file (a free-text field checked against the county's townships: a name that is not one of them counts as
unplaced, not as a township). The children are counted in the database per (county, township name); Python only
matches those pairs (at most a few per township) against the region tree's 1,464 township names."""

from dataclasses import dataclass

from django.db.models import Count

from core.models import Region, RegionLevel

from .base import Scope, percent
from .delivery import children_rollup, served_children


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
    names: dict[str, str] = {}
    for county_code, county_name, name in townships.values_list("parent__code", "parent__name", "name").order_by():
        totals[county_code] = totals.get(county_code, 0) + 1
        names[county_code] = county_name
        known.add((county_code, name))
    covered: dict[str, int] = {}
    placed: dict[str, int] = {}
    found = children_rollup(scope)
    if found:  # (county path|township name) → distinct children, from the rollup
        pairs = [
            (key.split("|", 1)[0].rstrip("/").rsplit("/", 1)[-1], key.split("|", 1)[1], n)
            for key, n in found.children["township"].items()
        ]
    else:
        pairs = _live_pairs(scope, counties)
    for county_code, township, children in pairs:
        if (county_code, township) in known:
            covered[county_code] = covered.get(county_code, 0) + 1
            placed[county_code] = placed.get(county_code, 0) + children
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


def _live_pairs(scope: Scope, counties):
    """(county code, township name, children) of the served children living in the region's counties."""
    return (
        served_children(scope)
        .filter(county__in=counties.values("pk"))
        .exclude(township="")
        .values("county__code", "township")
        .annotate(children=Count("pk"))
        .values_list("county__code", "township", "children")
        .order_by()
    )


def township_coverage_total(rows: list[TownshipRow]) -> TownshipRow:
    return TownshipRow(
        code="total",
        name="",
        townships=sum(row.townships for row in rows),
        covered=sum(row.covered for row in rows),
        children_placed=sum(row.children_placed for row in rows),
    )
