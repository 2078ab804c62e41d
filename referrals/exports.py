"""Excel exports of the officer's referral overview: the counts by county and the region's referrals, each what the
page shows. Pseudonymous like the page: the file number, never the child's name, ID number, village or description."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import DATE_FORMAT, Column, choice_labels, workbook_response

from .models import Need, ReferralStatus, RouteOutcome, Urgency

TABLES = ("counties", "referrals")


def _filename(region, title) -> str:
    return f"{title}-{region.name}-{timezone.localdate().isoformat()}.xlsx"


def county_counts_response(region, counts: list[dict]):
    """``selectors.county_counts``: one row per county, as the overview's 各县市区 table."""
    columns = [
        Column(_("县市区"), lambda r: r["county__name"], width=16),
        Column(_("转介"), lambda r: r["total"], width=8),
        Column(_("无项目覆盖"), lambda r: r["gaps"], width=10),
        Column(_("待处理"), lambda r: r["open"], width=8),
        Column(_("已接收"), lambda r: r["accepted"], width=8),
        Column(_("已开始服务"), lambda r: r["served"], width=10),
        Column(_("报告到首次服务（天，平均）"), lambda r: r["avg_days_to_service"], "0.0", width=14),
    ]
    title = _("转介各县市区")
    return workbook_response(filename=_filename(region, title), sheet_title=title, columns=columns, rows=counts)


def referrals_response(region, referrals):
    """Every referral of the officer's region (``selectors.referrals_for_officer``: township, county, organization
    and grant joined, the first service date annotated), newest first."""
    needs, urgencies = choice_labels(Need.choices), choice_labels(Urgency.choices)
    statuses, outcomes = choice_labels(ReferralStatus.choices), choice_labels(RouteOutcome.choices)
    columns = [
        Column(_("编号"), lambda r: r.code, width=14),
        Column(_("县市区"), lambda r: r.county.name, width=14),
        Column(_("乡镇街道"), lambda r: r.township.name, width=16),
        Column(_("需求"), lambda r: needs.get(r.need, r.need), width=14),
        Column(_("紧急程度"), lambda r: urgencies.get(r.urgency, r.urgency), width=8),
        Column(_("报告时间"), lambda r: r.created_at, DATE_FORMAT, width=12),
        Column(_("状态"), lambda r: statuses.get(r.status, r.status), width=10),
        Column(_("分派结果"), lambda r: outcomes.get(r.route_outcome, r.route_outcome), width=12),
        Column(_("承接组织"), lambda r: r.organization.name if r.organization else None, width=30),
        Column(_("接收期限"), lambda r: r.accept_due, DATE_FORMAT, width=12),
        Column(_("接收日期"), lambda r: r.accepted_on, DATE_FORMAT, width=12),
        Column(_("首次服务日期"), lambda r: r.first_service_on, DATE_FORMAT, width=12),
    ]
    title = _("转介记录")
    rows = referrals.order_by("-created_at", "-pk").iterator(chunk_size=2000)
    return workbook_response(filename=_filename(region, title), sheet_title=title, columns=columns, rows=rows)
