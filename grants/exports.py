"""Excel export of grants with paid and unpaid amounts (columns declared once)."""

from django.utils.translation import gettext as _

from core.excel import MONEY_FORMAT, Column, workbook_response


def grant_columns() -> list[Column]:
    return [
        Column(_("合同编号"), lambda g: g.contract_number, width=26),
        Column(_("项目名称"), lambda g: g.title, width=36),
        Column(_("承接组织"), lambda g: g.organization.name, width=30),
        Column(_("发包地区"), lambda g: g.issuing_region.name),
        Column(_("申报指南"), lambda g: g.call.title, width=30),
        Column(_("资金来源"), lambda g: g.get_funding_source_display()),
        Column(_("品牌项目"), lambda g: g.brand_program.name if g.brand_program else ""),
        Column(_("开始日期"), lambda g: g.start_date, number_format="yyyy-mm-dd"),
        Column(_("结束日期"), lambda g: g.end_date, number_format="yyyy-mm-dd"),
        Column(_("状态"), lambda g: g.get_status_display()),
        Column(_("合同金额（元）"), lambda g: g.amount, number_format=MONEY_FORMAT),
        Column(_("已拨付（元）"), lambda g: g.paid_amount, number_format=MONEY_FORMAT),
        Column(_("未拨付（元）"), lambda g: g.unpaid_amount, number_format=MONEY_FORMAT),
    ]


def grants_workbook_response(grants):
    """``grants`` must come from ``Grant.objects.for_list()`` (related rows joined, amounts annotated)."""
    return workbook_response(
        filename=_("项目合同.xlsx"), sheet_title=_("项目合同"), columns=grant_columns(), rows=grants.iterator()
    )
