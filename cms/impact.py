"""What the money bought, for the brand pages and the home page: children served on a county map, by category and
over time, service hours by service type, as tables and as the data of their charts.

Counts of children come from ``delivery.public`` already suppressed ("<5", complementary suppression); the charts get
the same suppressed values (a hidden count is drawn as a "<5" label, never as a bar height or a colour of its own),
and the map colours counties by bands, the lowest of which is "<5", so no colour reveals an exact small count.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext as _

from core.disclosure import Count as PublicCount
from delivery import public as delivery_public
from delivery.selectors.rollups import ALL, Rollup, rollup_for
from grants.models import Grant

# Map colour bands: (band, lowest count, label). Band 0 is a county served with no child recorded yet; band 1 every
# hidden count ("<5"), whatever it hides.
MAP_BANDS = [(2, 5, "5–19"), (3, 20, "20–99"), (4, 100, "100–499"), (5, 500, "≥500")]


def _band(count: PublicCount) -> int:
    if count.hidden:
        return 1
    band = 0
    for number, lowest, _label in MAP_BANDS:
        if count.value >= lowest:
            band = number
    return band


def county_map(grants, rollup: Rollup | None = None) -> dict:
    """Counties the grants serve and the children served in each (by where the children live).

    ``rows``: (county name, covered, Count) for the table; ``total``: the children's total, suppressed with the
    counties; ``chart``: the map's data (county codes, colour bands and the shown labels)."""
    cells, total = delivery_public.children_by_county(grants, rollup=rollup)
    covered = dict(delivery_public.covered_counties(grants).values_list("code", "name"))
    by_code = {cell.key: cell for cell in cells}
    codes = sorted(set(covered) | set(by_code))
    rows, regions = [], []
    for code in codes:
        cell = by_code.get(code)
        count = cell.count if cell else PublicCount(0)
        name = cell.label if cell else covered[code]
        rows.append({"code": code, "name": name, "covered": code in covered, "children": count})
        regions.append({"name": code, "title": name, "value": _band(count), "label": str(count)})
    pieces = [
        {"value": 0, "label": _("0（已覆盖）")},
        {"value": 1, "label": "<5"},
        *({"value": number, "label": label} for number, _lowest, label in MAP_BANDS),
    ]
    chart = {"regions": regions, "pieces": pieces, "unit": _("人")}
    return {"rows": rows, "total": total, "chart": chart}


def _bar_chart(labels: list[str], counts: list, unit: str) -> dict:
    """A bar chart's data (``chart``, for json_script) and its table (``rows``: label, shown value): hidden counts are
    drawn at 0 with the label "<5"."""
    values, display = [], []
    for count in counts:
        if isinstance(count, PublicCount):
            values.append(0 if count.hidden else count.value)
            display.append(str(count))
        else:
            values.append(float(count))
            display.append(f"{count:,}")
    chart = {"labels": labels, "values": values, "display": display, "unit": unit}
    return {"chart": chart, "rows": list(zip(labels, display, strict=False))}


def quarterly(grants, rollup: Rollup | None = None) -> dict:
    """Per quarter: projects signed and their contract sums, service hours, children whose service began."""
    signed = {
        row["quarter"]: row
        for row in grants.order_by()
        .annotate(quarter=TruncQuarter("signed_on"))
        .values("quarter")
        .annotate(grants=Count("pk"), amount=Sum("amount"))
    }
    delivered = {row.quarter: row for row in delivery_public.quarterly_delivery(grants, rollup=rollup)}
    quarters = delivery_public.quarter_range(set(signed) | set(delivered))
    rows = []
    for quarter in quarters:
        row = delivered.get(quarter)
        rows.append(
            {
                "label": quarter_label(quarter),
                "grants": signed.get(quarter, {}).get("grants", 0),
                "amount": signed.get(quarter, {}).get("amount") or Decimal("0.00"),
                "hours": row.hours if row else Decimal("0.0"),
                "children": row.children if row else PublicCount(0),
            }
        )
    hours_unit, children_unit = _("小时"), _("人")
    chart = {
        "labels": [row["label"] for row in rows],
        "hours": _bar_chart([], [row["hours"] for row in rows], hours_unit)["chart"],
        "children": _bar_chart([], [row["children"] for row in rows], children_unit)["chart"],
        "hours_name": _("服务时长（小时）"),
        "children_name": _("新增服务儿童（人）"),
    }
    return {"rows": rows, "chart": chart}


def quarter_label(quarter: datetime.date) -> str:
    return _("%(year)s年第%(quarter)s季度") % {"year": quarter.year, "quarter": (quarter.month - 1) // 3 + 1}


def impact_figures(grants, rollup: Rollup | None = None) -> dict:
    """Everything the brand page shows about delivery for ``grants`` (a queryset): a fixed number of queries. With
    the brand's ``rollup`` the children and hours come from it (``refreshed_at``: when it was rebuilt)."""
    county = county_map(grants, rollup)
    categories = delivery_public.children_by_category(grants, rollup=rollup)
    hours_by_type = delivery_public.hours_by_service_type(grants, rollup=rollup)
    return {
        "refreshed_at": rollup.refreshed_at if rollup else None,
        "children_served": county["total"],
        "service_hours": delivery_public.service_hours(grants, rollup=rollup),
        "county_map": county,
        "categories": categories,
        "categories_chart": _bar_chart(
            [cell.label for cell in categories], [cell.count for cell in categories], _("人")
        ),
        "hours_by_type": hours_by_type,
        "hours_chart": _bar_chart([name for name, _h in hours_by_type], [h for _n, h in hours_by_type], _("小时")),
        "quarters": quarterly(grants, rollup),
    }


def province_impact() -> dict:
    """The home page's additions: children served and service hours in the whole province, and its county map."""
    grants = Grant.objects.public()
    rollup = rollup_for(ALL)
    county = county_map(grants, rollup)
    return {
        "refreshed_at": rollup.refreshed_at if rollup else None,
        "children_served": county["total"],
        "service_hours": delivery_public.service_hours(grants, rollup=rollup),
        "county_map": county,
    }
