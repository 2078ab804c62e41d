"""The officer dashboard (数据看板): one page of figures for the officer's region, and an Excel download per table."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.excel import workbook_response
from core.filters import filter_status
from core.permissions import Denied

from .filters import DashboardFilter
from .selectors.base import rollup
from .tables import TABLES

# The page's sections, in order: money, the map, what was delivered, the workflow.
SECTIONS = [
    ["funds_region", "funds_source", "funds_brand"],
    ["counties", "townships"],
    ["children_category", "children_region", "hours", "outcomes"],
    ["calls", "milestones", "grades", "organizations"],
]


def _page(request, dashboard_filter, scope):
    tables = {key: build(scope) for key, build in TABLES.items()}
    funds_total = tables["funds_region"].total
    hours_total = tables["hours"].total
    query = request.GET.copy()
    query.pop("download", None)
    context = {
        "filter": dashboard_filter,
        "scope": scope,
        "sections": [[tables[key] for key in keys] for keys in SECTIONS],
        "charts": {key: table.chart for key, table in tables.items() if table.chart},
        "headline": {
            "grants": funds_total.grants,
            "committed": funds_total.committed,
            "paid": funds_total.paid,
            "outstanding": funds_total.outstanding,
            "children": tables["children_category"].total.count,
            "hours": hours_total.hours,
        },
        "query": query.urlencode(),
        # When the rollups the children and hours come from were rebuilt (None: computed live).
        "refreshed_at": found.refreshed_at if (found := rollup(scope)) else None,
    }
    return render(request, "dashboard/dashboard.html", context, status=filter_status(dashboard_filter))


@login_required
def dashboard(request):
    """Program officers only: their region's figures (a region below it and a period may be chosen); ``?download=``
    a table's key returns that table as an Excel workbook."""
    if not request.user.is_officer:
        raise Denied(_("数据看板仅供项目官员使用。"))
    dashboard_filter = DashboardFilter(request.GET or None, user=request.user)
    scope = dashboard_filter.scope()
    download = request.GET.get("download")
    if download is None:
        return _page(request, dashboard_filter, scope)
    if download not in TABLES:
        raise BadRequest(_("没有这张表格。"))
    if dashboard_filter.is_bound and dashboard_filter.errors:
        # A download without the mistyped filter would hold more than was asked: the page and its error instead.
        return _page(request, dashboard_filter, scope)
    table = TABLES[download](scope)
    return workbook_response(
        filename=f"{table.title}-{scope.region.name}.xlsx",
        sheet_title=table.title.replace("：", " "),
        columns=table.excel_columns(),
        rows=table.excel_rows(),
    )
