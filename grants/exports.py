"""Excel export of grants with paid and unpaid amounts (columns declared once)."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import DATE_FORMAT, DATETIME_FORMAT, MONEY_FORMAT, Column, choice_labels, workbook_response
from core.models import Region
from programs.models import FundingSource

from .models import EvaluationKind, EvaluationStatus, Grade, GrantStatus, MilestoneStatus


def grant_columns() -> list[Column]:
    # Choice labels translated once per export, not once per row (a third of the export's time otherwise).
    funding_sources = {value: str(label) for value, label in FundingSource.choices}
    statuses = {value: str(label) for value, label in GrantStatus.choices}
    return [
        Column(_("合同编号"), lambda g: g.contract_number, width=26),
        Column(_("项目名称"), lambda g: g.title, width=36),
        Column(_("承接组织"), lambda g: g.organization.name, width=30),
        Column(_("发包地区"), lambda g: g.issuing_region.name),
        Column(_("申报指南"), lambda g: g.call.title, width=30),
        Column(_("服务区域"), lambda g: "、".join(region.name for region in g.served), width=30),
        Column(_("资金来源"), lambda g: funding_sources.get(g.funding_source, g.funding_source)),
        Column(_("品牌项目"), lambda g: g.brand_program.name if g.brand_program else ""),
        Column(_("开始日期"), lambda g: g.start_date, number_format="yyyy-mm-dd"),
        Column(_("结束日期"), lambda g: g.end_date, number_format="yyyy-mm-dd"),
        Column(_("状态"), lambda g: statuses.get(g.status, g.status)),
        Column(_("合同金额（元）"), lambda g: g.amount, number_format=MONEY_FORMAT),
        Column(_("已拨付（元）"), lambda g: g.paid_amount, number_format=MONEY_FORMAT),
        Column(_("未拨付（元）"), lambda g: g.unpaid_amount, number_format=MONEY_FORMAT),
    ]


def grants_workbook_response(grants):
    """``grants`` must come from ``Grant.objects.for_list()`` (related rows joined, amounts annotated)."""
    rows = grants.prefetch_related(
        Prefetch("service_regions", queryset=Region.objects.order_by("code"), to_attr="served")
    ).iterator(chunk_size=500)
    return workbook_response(filename=_("项目合同.xlsx"), sheet_title=_("项目合同"), columns=grant_columns(), rows=rows)


def _milestone_columns() -> list[Column]:
    statuses = choice_labels(MilestoneStatus.choices)
    return [
        Column(_("合同编号"), lambda m: m.grant.contract_number, width=26),
        Column(_("项目名称"), lambda m: m.grant.title, width=36),
        Column(_("承接组织"), lambda m: m.grant.organization.name, width=30),
        Column(_("发包地区"), lambda m: m.grant.issuing_region.name),
        Column(_("序号"), lambda m: m.order, width=6),
        Column(_("节点"), lambda m: m.title, width=24),
        Column(_("截止日期"), lambda m: m.due_date, DATE_FORMAT, width=12),
        Column(_("拨付金额（元）"), lambda m: m.payment_amount, MONEY_FORMAT),
        Column(_("状态"), lambda m: statuses.get(m.status, m.status), width=10),
    ]


def milestone_queue_response(milestones, queue: str):
    """A milestone work queue ("review" or "release", ``selectors.milestones_awaiting``: grant, organization, region
    and the officers joined)."""
    if queue == "release":
        extra = [
            Column(_("审核通过人"), lambda m: m.approved_by.display_name if m.approved_by else None),
            Column(_("审核时间"), lambda m: m.reviewed_at, DATETIME_FORMAT, width=18),
        ]
        title = _("待拨付节点")
    else:
        extra = [
            Column(_("提交人"), lambda m: m.submitted_by.display_name if m.submitted_by else None),
            Column(_("提交时间"), lambda m: m.submitted_at, DATETIME_FORMAT, width=18),
        ]
        title = _("待审核节点")
    day = timezone.localdate().isoformat()
    return workbook_response(
        filename=f"{title}-{day}.xlsx",
        sheet_title=title,
        columns=_milestone_columns() + extra,
        rows=milestones.iterator(2000),
    )


def overdue_response(milestones, today):
    """Overdue milestones (``selectors.overdue_milestones_for``), with the days overdue as of ``today``."""
    columns = [*_milestone_columns(), Column(_("逾期天数"), lambda m: m.days_overdue(today), width=10)]
    return workbook_response(
        filename=f"逾期节点-{today.isoformat()}.xlsx",
        sheet_title=_("逾期节点"),
        columns=columns,
        rows=milestones.iterator(2000),
    )


def ready_response(applications):
    """Approved applications waiting for a contract (``selectors.applications_ready_for_grant``)."""
    columns = [
        Column(_("项目名称"), lambda a: a.title, width=36),
        Column(_("申报单位"), lambda a: a.organization.name, width=30),
        Column(_("申报指南"), lambda a: a.call.title, width=30),
        Column(_("立项金额（元）"), lambda a: a.approved_amount, MONEY_FORMAT),
        Column(_("决定时间"), lambda a: a.decided_at, DATETIME_FORMAT, width=18),
        Column(_("公示期已结束"), lambda a: a.notice_ended, width=12),
    ]
    day = timezone.localdate().isoformat()
    return workbook_response(
        filename=f"待签订合同-{day}.xlsx",
        sheet_title=_("待签订合同"),
        columns=columns,
        rows=applications.iterator(2000),
    )


def payment_split(payment) -> dict:
    """{source: amount} of a payment from ``selectors.payments_for_officer`` (its ``funding`` prefetched); a payment
    recorded before funding splits existed is all its grant's source."""
    return {share.source: share.amount for share in payment.funding} or {
        payment.milestone.grant.funding_source: payment.amount
    }


def payments_response(payments):
    """The officer's payments (``selectors.payments_for_officer``, filtered): one column per funding source."""
    sources = choice_labels(FundingSource.choices)
    split_columns = [
        Column(_("其中%(source)s（元）") % {"source": label}, lambda p, s=source: payment_split(p).get(s), MONEY_FORMAT)
        for source, label in sources.items()
    ]
    columns = [
        Column(_("拨付日期"), lambda p: p.paid_on, DATE_FORMAT, width=12),
        Column(_("凭证号"), lambda p: p.voucher_number, width=20),
        Column(_("合同编号"), lambda p: p.milestone.grant.contract_number, width=26),
        Column(_("项目名称"), lambda p: p.milestone.grant.title, width=36),
        Column(_("承接组织"), lambda p: p.milestone.grant.organization.name, width=30),
        Column(_("节点"), lambda p: f"{p.milestone.order}. {p.milestone.title}", width=24),
        Column(_("拨付金额（元）"), lambda p: p.amount, MONEY_FORMAT),
        *split_columns,
        Column(_("拨付人"), lambda p: p.released_by.display_name),
        Column(_("发包地区"), lambda p: p.milestone.grant.issuing_region.name),
        Column(_("品牌项目"), lambda p: getattr(p.milestone.grant.brand_program, "name", "")),
    ]
    day = timezone.localdate().isoformat()
    return workbook_response(
        filename=f"拨付记录-{day}.xlsx", sheet_title=_("拨付记录"), columns=columns, rows=payments.iterator(500)
    )


def evaluations_response(evaluations):
    """An evaluator's assignments (``selectors.evaluations_for_evaluator``: grant and organization joined)."""
    kinds, statuses, grades = (
        choice_labels(EvaluationKind.choices),
        choice_labels(EvaluationStatus.choices),
        choice_labels(Grade.choices),
    )
    columns = [
        Column(_("合同编号"), lambda e: e.grant.contract_number, width=26),
        Column(_("项目名称"), lambda e: e.grant.title, width=36),
        Column(_("承接组织"), lambda e: e.grant.organization.name, width=30),
        Column(_("评估类型"), lambda e: kinds.get(e.kind, e.kind), width=10),
        Column(_("完成期限"), lambda e: e.due_date, DATE_FORMAT, width=12),
        Column(_("状态"), lambda e: statuses.get(e.status, e.status), width=10),
        Column(_("得分"), lambda e: e.score, "0.00", width=8),
        Column(_("等级"), lambda e: grades.get(e.grade, e.grade), width=8),
        Column(_("提交时间"), lambda e: e.submitted_at, DATETIME_FORMAT, width=18),
    ]
    return workbook_response(
        filename=_("我的评估任务.xlsx"), sheet_title=_("评估任务"), columns=columns, rows=evaluations.iterator(2000)
    )
