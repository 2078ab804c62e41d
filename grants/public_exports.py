"""The public funded-projects list as xlsx and CSV (columns declared once): public facts only, with the outputs and
outcomes other apps register (``grants.public_figures``), counts of children already suppressed ("<5")."""

from django.utils.translation import gettext as _

from core.csv_export import csv_response
from core.excel import MONEY_FORMAT, Column, workbook_response
from programs.models import FundingSource

from .models import GrantStatus
from .public_figures import export_value, figure_columns, figures_for


def public_grant_columns() -> list[Column]:
    funding_sources = {value: str(label) for value, label in FundingSource.choices}
    statuses = {value: str(label) for value, label in GrantStatus.choices}
    columns = [
        Column(_("合同编号"), lambda g: g.contract_number, width=26),
        Column(_("项目名称"), lambda g: g.title, width=36),
        Column(_("承接组织"), lambda g: g.organization.name, width=30),
        Column(_("统一社会信用代码"), lambda g: g.organization.credit_code, width=22),
        Column(_("发包地区"), lambda g: g.issuing_region.name),
        Column(_("服务区域"), lambda g: "、".join(region.name for region in g.served), width=30),
        Column(_("服务区域代码"), lambda g: " ".join(region.code for region in g.served), width=30),
        Column(_("资金来源"), lambda g: funding_sources.get(g.funding_source, g.funding_source)),
        Column(_("品牌项目"), lambda g: g.brand_program.name if g.brand_program else ""),
        Column(_("合同金额（元）"), lambda g: g.amount, number_format=MONEY_FORMAT),
        Column(_("开始日期"), lambda g: g.start_date, number_format="yyyy-mm-dd"),
        Column(_("结束日期"), lambda g: g.end_date, number_format="yyyy-mm-dd"),
        Column(_("状态"), lambda g: statuses.get(g.status, g.status)),
        Column(
            _("第三方评估"),
            lambda g: "；".join(f"{e.get_kind_display()}：{e.get_grade_display()}" for e in g.published),
            width=24,
        ),
    ]
    for figure in figure_columns():
        columns.append(
            Column(
                str(figure.label),
                lambda g, key=figure.key: export_value(g.figure_values.get(key)),
                number_format=figure.number_format,
                width=14,
            )
        )
    return columns


def _rows(grants):
    """The grants (``public_grants()`` filtered), each with its registered figures, computed once for all of them."""
    figures = figures_for(grants)
    for grant in grants.iterator(chunk_size=500):
        grant.figure_values = figures.get(grant.pk, {})
        yield grant


def public_grants_xlsx(grants):
    return workbook_response(
        filename=_("立项项目.xlsx"), sheet_title=_("立项项目"), columns=public_grant_columns(), rows=_rows(grants)
    )


def public_grants_csv(grants):
    return csv_response(filename=_("立项项目.csv"), columns=public_grant_columns(), rows=_rows(grants))
