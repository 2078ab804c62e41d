"""The dashboard's tables, declared once: each is shown on the page beside its chart and downloads as Excel (through
``core.excel``, which neutralises formulas). ``TABLES`` maps a table's key (``?download=<key>``) to its builder, so a
download computes only its own table."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.excel import MONEY_FORMAT, Column
from core.models import Region

from .selectors import Scope, delivery, evaluations, funds, milestones, organizations, townships
from .selectors import calls as calls_selectors

NUMBER_FORMATS = {"money": MONEY_FORMAT, "int": "0", "hours": "0.0", "percent": "0.0", "date": "yyyy-mm-dd"}


@dataclass(frozen=True)
class TableColumn:
    attr: str
    header: str
    kind: str = "text"  # text, int, money, hours, percent


@dataclass
class Table:
    key: str
    title: str
    note: str
    columns: list[TableColumn]
    rows: list
    total: object | None = None
    chart: dict | None = None
    extra: dict = field(default_factory=dict)
    # At most this many rows on the page (the download holds them all): a table that grows with the years, such as
    # the calls, would otherwise make the page's size and rendering time grow with the data.
    shown: int | None = None

    def _cells(self, row) -> list[tuple]:
        return [(attrgetter(column.attr)(row), column.kind, column.header) for column in self.columns]

    @property
    def body(self) -> list[list[tuple]]:
        return [self._cells(row) for row in self.rows[: self.shown]]

    @property
    def rows_not_shown(self) -> int:
        return max(0, len(self.rows) - self.shown) if self.shown is not None else 0

    @property
    def footer(self) -> list[tuple] | None:
        return self._cells(self.total) if self.total is not None else None

    def excel_columns(self) -> list[Column]:
        return [
            Column(
                header=column.header,
                value=attrgetter(column.attr),
                number_format=NUMBER_FORMATS.get(column.kind),
                width=36 if column.kind == "text" else 16,
            )
            for column in self.columns
        ]

    def excel_rows(self) -> list:
        return [*self.rows, self.total] if self.total is not None else list(self.rows)


def _number(value) -> float | int:
    """Chart data are numbers for ECharts (money through str, never float arithmetic on the figures shown)."""
    if value is None:
        return 0
    return float(value) if isinstance(value, Decimal) else value


def _bar(rows, label_attr: str, series: list[tuple[str, str]], *, stack: bool = False, horizontal: bool = False):
    return {
        "type": "bar",
        "stack": stack,
        "horizontal": horizontal,
        "categories": [str(attrgetter(label_attr)(row)) for row in rows],
        "series": [
            {"name": str(name), "data": [_number(attrgetter(attr)(row)) for row in rows]} for attr, name in series
        ],
    }


FUND_COLUMNS = [
    ("grants", _lazy("项目数"), "int"),
    ("committed", _lazy("合同金额（元）"), "money"),
    ("paid", _lazy("已拨付（元）"), "money"),
    ("outstanding", _lazy("待拨付（元）"), "money"),
    ("no_longer_payable", _lazy("不再拨付（元）"), "money"),
]


def _funds_table(key, title, first_header, rows) -> Table:
    columns = [TableColumn("label", first_header)] + [TableColumn(a, str(h), k) for a, h, k in FUND_COLUMNS]
    chart = _bar(
        rows,
        "label",
        [("paid", _("已拨付")), ("outstanding", _("待拨付")), ("no_longer_payable", _("不再拨付"))],
        stack=True,
    )
    return Table(
        key=key,
        title=title,
        note=_("本期签订的合同：合同金额 = 已拨付 + 待拨付 + 不再拨付（已终止或已结项项目的未拨余额）。"),
        columns=columns,
        rows=rows,
        total=funds.total_row(rows),
        chart=chart,
    )


def funds_region_table(scope: Scope) -> Table:
    return _funds_table("funds_region", _("资金：按发包地区"), _("发包地区"), funds.funds_by_region(scope))


def funds_source_table(scope: Scope) -> Table:
    return _funds_table("funds_source", _("资金：按资金来源"), _("资金来源"), funds.funds_by_source(scope))


def funds_brand_table(scope: Scope) -> Table:
    return _funds_table("funds_brand", _("资金：按品牌项目"), _("品牌项目"), funds.funds_by_brand(scope))


CALLS_SHOWN = 20


def calls_table(scope: Scope) -> Table:
    rows = calls_selectors.calls_with_applications(scope)
    columns = [
        TableColumn("title", _("申报指南")),
        TableColumn("issuing_region", _("发布地区")),
        TableColumn("opens_on", _("开始申报"), "date"),
        TableColumn("total_budget", _("资金总额（元）"), "money"),
        TableColumn("received", _("收到申报"), "int"),
        TableColumn("approved", _("立项"), "int"),
        TableColumn("rejected", _("未立项"), "int"),
        TableColumn("pending", _("待决定"), "int"),
        TableColumn("success_rate", _("立项率（%）"), "percent"),
    ]
    total = calls_selectors.calls_total(rows)
    total.title = _("合计")
    return Table(
        key="calls",
        title=_("申报指南与申报"),
        note=_("本期开始申报的已发布指南；申报不含草稿和已撤回的；立项率 = 立项 ÷（立项 + 未立项）。"),
        columns=columns,
        rows=rows,
        total=total,
        chart=_bar(rows[:CALLS_SHOWN], "title", [("received", _("收到申报")), ("approved", _("立项"))]),
        shown=CALLS_SHOWN,
    )


MILESTONE_COLUMNS = [
    ("on_time", _lazy("按时提交")),
    ("late", _lazy("逾期提交")),
    ("returned", _lazy("已退回")),
    ("overdue", _lazy("逾期未提交")),
    ("not_due", _lazy("未到期")),
    ("stopped", _lazy("项目已停止")),
]


def milestones_table(scope: Scope) -> Table:
    rows = milestones.milestones_by_region(scope)
    columns = [TableColumn("label", _("发包地区"))]
    columns += [TableColumn(attr, str(header), "int") for attr, header in MILESTONE_COLUMNS]
    columns.append(TableColumn("total", _("合计"), "int"))
    return Table(
        key="milestones",
        title=_("项目节点"),
        note=_("本期到期的节点，按状态（互不重叠）；按时 = 最后一次提交不晚于截止日期。"),
        columns=columns,
        rows=rows,
        total=milestones.milestones_total(rows),
        chart=_bar(rows, "label", MILESTONE_COLUMNS, stack=True),
    )


def organizations_table(scope: Scope) -> Table:
    rows = organizations.organizations_by_region(scope)
    series = [
        ("verified", _("已认证")),
        ("pending", _("待审核")),
        ("returned", _("已退回")),
        ("incubating", _("孵化中")),
        ("graduated", _("已出壳")),
        ("incubation_ended", _("孵化终止")),
    ]
    columns = [TableColumn("label", _("登记地区"))] + [TableColumn(a, str(h), "int") for a, h in series]
    return Table(
        key="organizations",
        title=_("社会组织与培育孵化"),
        note=_(
            "登记管理机关在本辖区的社会组织（按认证状态）和本辖区孵化项目中的组织（按阶段）；为当前数，不受日期筛选影响。"
        ),
        columns=columns,
        rows=rows,
        total=organizations.organizations_total(rows),
        chart=_bar(rows, "label", series[:2] + series[3:5]),
    )


def children_category_table(scope: Scope) -> Table:
    rows = delivery.children_by_category(scope)
    total = delivery.CountRow(key="total", label=_("服务儿童合计（去重）"), count=delivery.children_total(scope))
    return Table(
        key="children_category",
        title=_("服务儿童：按类别"),
        note=_(
            "本期运行的项目所服务的儿童（知情同意日期不晚于期末）；一名儿童属于多个类别时各类别均计入，合计按人去重。"
        ),
        columns=[TableColumn("label", _("儿童类别")), TableColumn("count", _("儿童数"), "int")],
        rows=rows,
        total=total,
        chart=_bar(rows, "label", [("count", _("儿童数"))], horizontal=True),
    )


def children_region_table(scope: Scope) -> Table:
    rows = delivery.children_by_region(scope)
    return Table(
        key="children_region",
        title=_("服务儿童：按居住地区"),
        note=_("按儿童居住的县市区所属的下一级地区汇总。"),
        columns=[TableColumn("label", _("地区")), TableColumn("count", _("儿童数"), "int")],
        rows=rows,
        total=delivery.CountRow(key="total", label=_("合计"), count=sum(row.count for row in rows)),
        chart=_bar(rows, "label", [("count", _("儿童数"))]),
    )


def townships_table(scope: Scope) -> Table:
    rows = townships.township_coverage(scope)
    total = townships.township_coverage_total(rows)
    total.name = _("合计")
    return Table(
        key="townships",
        title=_("乡镇覆盖：有服务儿童居住的乡镇街道"),
        note=_(
            "各县市区的乡镇街道中，至少有一名本期服务儿童居住的乡镇街道数；按儿童档案所填乡镇街道与区划名称核对，"
            "未填写或名称不符的儿童不计入。覆盖率低的县市区是下一步购买服务的方向。"
        ),
        columns=[
            TableColumn("name", _("县市区")),
            TableColumn("townships", _("乡镇街道数"), "int"),
            TableColumn("covered", _("有服务儿童的乡镇街道"), "int"),
            TableColumn("coverage", _("覆盖率（%）"), "percent"),
            TableColumn("children_placed", _("可定位到乡镇的儿童"), "int"),
        ],
        rows=rows,
        total=total,
        chart=_bar(rows, "name", [("coverage", _("覆盖率（%）"))], horizontal=True),
    )


@dataclass
class CountyRow:
    code: str
    name: str
    prefecture: str
    children: int
    grants: int


def county_map_table(scope: Scope) -> Table:
    children = delivery.children_by_county(scope)
    grants = delivery.grants_by_service_county(scope)
    codes = set(children) | set(grants)
    counties = list(Region.objects.filter(code__in=codes).values("code", "name", "prefecture_code"))
    prefectures = dict(Region.objects.prefecture_units().values_list("code", "name"))
    rows = sorted(
        (
            CountyRow(
                code=county["code"],
                name=county["name"],
                prefecture=prefectures.get(county["prefecture_code"], ""),
                children=children.get(county["code"], 0),
                grants=grants.get(county["code"], 0),
            )
            for county in counties
        ),
        key=attrgetter("code"),
    )
    region = scope.region
    chart = {
        "type": "map",
        "prefecture": region.prefecture_code if region.depth >= 1 else "",
        "county": region.code if region.level == "county" else "",
        "metrics": [{"key": "children", "name": str(_("服务儿童"))}, {"key": "grants", "name": str(_("服务项目数"))}],
        "data": [{"name": row.code, "label": row.name, "children": row.children, "grants": row.grants} for row in rows],
    }
    return Table(
        key="counties",
        title=_("县市区地图：服务儿童与项目"),
        note=_("服务儿童按儿童居住的县市区计；项目按合同的服务区域计（一个项目服务多个县市区时各计一次）。"),
        columns=[
            TableColumn("name", _("县市区")),
            TableColumn("prefecture", _("市州")),
            TableColumn("code", _("区划代码")),
            TableColumn("children", _("服务儿童"), "int"),
            TableColumn("grants", _("服务项目数"), "int"),
        ],
        rows=rows,
        chart=chart,
    )


def hours_table(scope: Scope) -> Table:
    rows = delivery.service_hours(scope)
    types = list(dict.fromkeys(row.service_type for row in rows))
    forms = list(dict.fromkeys(row.form for row in rows))
    chart = {
        "type": "bar",
        "stack": True,
        "horizontal": False,
        "categories": types,
        "series": [
            {
                "name": form,
                "data": [
                    float(sum((r.hours for r in rows if r.service_type == t and r.form == form), Decimal(0)))
                    for t in types
                ],
            }
            for form in forms
        ],
    }
    total = delivery.HoursRow(
        service_type=_("合计"),
        form="",
        sessions=sum(row.sessions for row in rows),
        minutes=sum(row.minutes for row in rows),
        professional_minutes=sum(row.professional_minutes for row in rows),
        volunteer_minutes=sum(row.volunteer_minutes for row in rows),
    )
    return Table(
        key="hours",
        title=_("服务时长：按服务类型和形式"),
        note=_("本期服务记录的时长（小时，保留一位小数）；专业服务为在册服务人员记录，志愿服务另计。"),
        columns=[
            TableColumn("service_type", _("服务类型")),
            TableColumn("form", _("服务形式")),
            TableColumn("sessions", _("服务次数"), "int"),
            TableColumn("hours", _("服务时长（小时）"), "hours"),
            TableColumn("professional_hours", _("其中专业服务"), "hours"),
            TableColumn("volunteer_hours", _("其中志愿服务"), "hours"),
        ],
        rows=rows,
        total=total,
        chart=chart,
    )


def outcomes_table(scope: Scope) -> Table:
    rows = delivery.outcome_improvement(scope)
    return Table(
        key="outcomes",
        title=_("成效指标：改善比例"),
        note=_("按儿童测量的指标：本期完成后测的儿童中，最近一次后测优于首次前测的比例。"),
        columns=[
            TableColumn("indicator", _("成效指标")),
            TableColumn("call", _("申报指南")),
            TableColumn("direction", _("方向")),
            TableColumn("measured", _("完成前后测（人次）"), "int"),
            TableColumn("improved", _("改善（人次）"), "int"),
            TableColumn("improvement_rate", _("改善比例（%）"), "percent"),
            TableColumn("target", _("指南目标（%）"), "percent"),
        ],
        rows=rows,
        chart=_bar(rows, "indicator", [("improvement_rate", _("改善比例（%）")), ("target", _("指南目标（%）"))]),
    )


def grades_table(scope: Scope) -> Table:
    rows = evaluations.evaluation_grades(scope)
    total = evaluations.GradeRow(grade="total", label=_("合计"))
    total.midterm = sum(row.midterm for row in rows)
    total.final = sum(row.final for row in rows)
    return Table(
        key="grades",
        title=_("第三方评估等级"),
        note=_("本期提交的中期和末期评估（含尚未公开的）。"),
        columns=[
            TableColumn("label", _("等级")),
            TableColumn("midterm", _("中期评估"), "int"),
            TableColumn("final", _("末期评估"), "int"),
            TableColumn("total", _("合计"), "int"),
        ],
        rows=rows,
        total=total,
        chart={"type": "pie", "data": [{"name": row.label, "value": row.total} for row in rows]},
    )


TABLES: dict[str, Callable[[Scope], Table]] = {
    "funds_region": funds_region_table,
    "funds_source": funds_source_table,
    "funds_brand": funds_brand_table,
    "calls": calls_table,
    "milestones": milestones_table,
    "organizations": organizations_table,
    "counties": county_map_table,
    "townships": townships_table,
    "children_category": children_category_table,
    "children_region": children_region_table,
    "hours": hours_table,
    "outcomes": outcomes_table,
    "grades": grades_table,
}
