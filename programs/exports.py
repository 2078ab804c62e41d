"""Excel export of a call's applications with their scores. Columns are declared once."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import DATE_FORMAT, DATETIME_FORMAT, MONEY_FORMAT, Column, choice_labels, workbook_response

from .models import ApplicationStatus, FundingSource, ReviewStatus


def _columns():
    return [
        Column(_("编号"), lambda a: a.pk, width=8),
        Column(_("申报单位"), lambda a: a.organization.name, width=30),
        Column(_("统一社会信用代码"), lambda a: a.organization.credit_code, width=22),
        Column(_("项目名称"), lambda a: a.title, width=30),
        Column(_("状态"), lambda a: a.get_status_display(), width=10),
        Column(_("版本"), lambda a: a.version, width=6),
        Column(_("提交时间"), lambda a: a.submitted_at, width=18),
        Column(_("申请金额（元）"), lambda a: a.requested_amount, MONEY_FORMAT),
        Column(_("评审份数"), lambda a: a.review_count, width=8),
        Column(_("平均分"), lambda a: a.score_mean, "0.00", width=8),
        Column(_("最低分"), lambda a: a.score_min, "0.00", width=8),
        Column(_("最高分"), lambda a: a.score_max, "0.00", width=8),
        Column(_("分差"), lambda a: a.score_spread, "0.00", width=8),
        Column(_("立项金额（元）"), lambda a: a.approved_amount, MONEY_FORMAT),
        Column(_("决定理由"), lambda a: a.decision_reason, width=30),
    ]


def applications_workbook(call):
    rows = (
        call.applications.exclude(status=ApplicationStatus.DRAFT)
        .select_related("organization")
        .with_scores()
        .order_by("-score_mean", "pk")
    )
    return workbook_response(
        filename=f"申报书评分-{call.pk}.xlsx", sheet_title=_("申报书评分"), columns=_columns(), rows=rows.iterator()
    )


def officer_applications_response(applications):
    """The officer's filtered application list (``selectors.officer_applications``: call and organization joined,
    scores annotated, so one query whatever the number of rows)."""
    statuses = choice_labels(ApplicationStatus.choices)
    columns = [
        Column(_("编号"), lambda a: a.pk, width=8),
        Column(_("项目名称"), lambda a: a.title, width=30),
        Column(_("申报单位"), lambda a: a.organization.name, width=30),
        Column(_("统一社会信用代码"), lambda a: a.organization.credit_code, width=22),
        Column(_("申报指南"), lambda a: a.call.title, width=30),
        Column(_("状态"), lambda a: statuses.get(a.status, a.status), width=10),
        Column(_("提交时间"), lambda a: a.submitted_at, DATETIME_FORMAT, width=18),
        Column(_("申请金额（元）"), lambda a: a.requested_amount, MONEY_FORMAT),
        Column(_("评审份数"), lambda a: a.review_count, width=8),
        Column(_("平均分"), lambda a: a.score_mean, "0.00", width=8),
        Column(_("分差"), lambda a: a.score_spread, "0.00", width=8),
        Column(_("立项金额（元）"), lambda a: a.approved_amount, MONEY_FORMAT),
    ]
    day = timezone.localdate().isoformat()
    return workbook_response(
        filename=f"申报书-{day}.xlsx", sheet_title=_("申报书"), columns=columns, rows=applications.iterator(2000)
    )


def officer_calls_response(calls):
    """The officer's calls (issued in their region), with the number of applications annotated."""
    sources = choice_labels(FundingSource.choices)
    columns = [
        Column(_("编号"), lambda c: c.pk, width=8),
        Column(_("标题"), lambda c: c.title, width=36),
        Column(_("发布地区"), lambda c: c.issuing_region.name),
        Column(_("品牌项目"), lambda c: c.brand_program.name if c.brand_program else None),
        Column(_("资金来源"), lambda c: sources.get(c.funding_source, c.funding_source)),
        Column(_("状态"), lambda c: c.current_phase_label, width=10),
        Column(_("申报开始"), lambda c: c.opens_at, DATETIME_FORMAT, width=18),
        Column(_("申报截止"), lambda c: c.closes_at, DATETIME_FORMAT, width=18),
        Column(_("申报书"), lambda c: c.application_count, width=8),
        Column(_("资金总额（元）"), lambda c: c.total_budget, MONEY_FORMAT),
        Column(_("单个项目上限（元）"), lambda c: c.per_project_cap, MONEY_FORMAT),
    ]
    day = timezone.localdate().isoformat()
    return workbook_response(
        filename=f"申报指南-{day}.xlsx", sheet_title=_("申报指南"), columns=columns, rows=calls.iterator(2000)
    )


def reviewer_assignments_response(assignments):
    """A reviewer's own review tasks (application and call joined)."""
    statuses = choice_labels(ReviewStatus.choices)
    columns = [
        Column(_("项目名称"), lambda r: r.application.title, width=30),
        Column(_("申报单位"), lambda r: r.application.organization.name, width=30),
        Column(_("申报指南"), lambda r: r.application.call.title, width=30),
        Column(_("状态"), lambda r: statuses.get(r.status, r.status), width=10),
        Column(_("评审截止日期"), lambda r: r.due_on, DATE_FORMAT, width=12),
        Column(_("提交时间"), lambda r: r.submitted_at, DATETIME_FORMAT, width=18),
        Column(_("总分"), lambda r: r.total_score, "0.00", width=8),
    ]
    return workbook_response(
        filename=_("我的评审任务.xlsx"), sheet_title=_("评审任务"), columns=columns, rows=assignments.iterator(2000)
    )
