"""Excel export of a call's applications with their scores. Columns are declared once."""

from django.utils.translation import gettext as _

from core.excel import MONEY_FORMAT, Column, workbook_response

from .models import ApplicationStatus


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
