"""Township coverage (乡镇覆盖): for each county of the region, how many of its townships (乡镇街道, the region tree's
fourth level) have at least one child served by the region's grants living there. A child's township is the name on
their file (a free-text field checked against the county's townships: a name that is not one of them counts as
unplaced, not as a township). Two aggregate queries; no child or township row is loaded into Python."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

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
    """Every county of the region (the region itself when it is a county) that has townships in the tree."""
    counties = Region.objects.subtree(scope.region).filter(level=RegionLevel.COUNTY)
    totals = dict(
        Region.objects.filter(level=RegionLevel.TOWNSHIP, parent__in=counties.values("pk"))
        .values("parent__code")
        .annotate(n=Count("pk"))
        .values_list("parent__code", "n")
        .order_by()
    )
    known_township = Region.objects.filter(
        level=RegionLevel.TOWNSHIP, parent=OuterRef("county"), name=OuterRef("township")
    )
    placed = {
        code: (townships, children)
        for code, townships, children in served_children(scope)
        .filter(county__in=counties.values("pk"))
        .filter(Exists(known_township))
        .values("county__code")
        .annotate(townships=Count("township", distinct=True), children=Count("pk"))
        .values_list("county__code", "townships", "children")
        .order_by()
    }
    names = dict(counties.filter(code__in=list(totals)).values_list("code", "name"))
    return [
        TownshipRow(
            code=code,
            name=names.get(code, code),
            townships=totals[code],
            covered=placed.get(code, (0, 0))[0],
            children_placed=placed.get(code, (0, 0))[1],
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
