"""Excel export of grants with paid and unpaid amounts (columns declared once)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from core.excel import MONEY_FORMAT, Column, workbook_response
from core.models import Region
from programs.models import FundingSource

from .models import GrantStatus


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
