"""Outcome measurements (成效测量) from Excel: one value of one of the call's indicators, per child (baseline or
follow-up) or for the whole grant (a single value)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.models import MeasuredPer

from ...models import ImportKind, MeasurementMethod, MeasurementPhase
from ...validation import measurement_value_error, service_date_error
from ..parsing import Choices, is_empty, parse_date, parse_decimal
from .base import Column, EnrolledChildren, KindSpec, RowProblems, read_cell, row_key


@dataclass
class MeasurementRow:
    number: int
    row_key: str
    indicator_id: int
    beneficiary_id: int | None
    phase: str
    value: Decimal
    measured_on: datetime.date
    method: str


class _Context:
    def __init__(self, grant):
        self.grant = grant
        self.today = timezone.localdate()
        self.indicators = Choices((i, i.name) for i in grant.call.indicators.all())
        self.phases = Choices(MeasurementPhase.choices)
        self.methods = Choices(MeasurementMethod.choices)
        self.children = EnrolledChildren(grant)
        self.seen: dict[str, int] = {}


class MeasurementSpec(KindSpec):
    kind = ImportKind.MEASUREMENTS
    title = gettext_lazy("成效测量")
    columns = [
        Column(
            "indicator",
            "成效指标",
            True,
            gettext_lazy("从下拉列表选择本项目申报指南中的成效指标"),
            "",
            width=24,
            options="indicators",
        ),
        Column(
            "child",
            "服务对象（身份证号或档案号）",
            False,
            gettext_lazy("按儿童测量的指标必填：已登记儿童的身份证号码或档案号；按项目测量的指标留空"),
            "",
            aliases=("服务对象", "身份证号码", "档案号"),
            width=24,
            is_text=True,
        ),
        Column(
            "phase",
            "测量阶段",
            False,
            gettext_lazy("按儿童测量：前测或后测；按项目测量：单次（可留空）"),
            "前测",
            options="phases",
        ),
        Column("value", "测量值", True, gettext_lazy("数字，最多两位小数，如 12.5"), 12.5),
        Column("measured_on", "测量日期", True, gettext_lazy("测量当天的日期，如 2025-03-01"), "2025-03-01"),
        Column(
            "method",
            "测量方法",
            False,
            gettext_lazy("量表、问卷调查、记录统计、观察评估或其他；留空为量表"),
            "量表",
            options="methods",
        ),
    ]

    def options(self, grant) -> dict[str, list[str]]:
        return {
            "indicators": list(grant.call.indicators.values_list("name", flat=True)),
            "phases": [str(label) for _v, label in MeasurementPhase.choices],
            "methods": [str(label) for _v, label in MeasurementMethod.choices],
        }

    def example_row(self, grant) -> list:
        indicator = grant.call.indicators.first()
        example = {
            "indicator": indicator.name if indicator else "",
            "child": "C0000001" if indicator is None or indicator.is_per_child else "",
            "phase": "前测" if indicator is None or indicator.is_per_child else "单次",
            "value": 12.5,
            "measured_on": max(min(timezone.localdate(), grant.end_date), grant.start_date).isoformat(),
            "method": "量表",
        }
        return [example.get(column.key, "") for column in self.columns]

    def chunk_done(self, context) -> None:
        context.seen.clear()

    def context(self, grant):
        return _Context(grant)

    def validate(self, context: _Context, number: int, cells: dict, problems: RowProblems):
        col = self.column
        indicator = read_cell(problems, col("indicator"), cells.get("indicator"), context.indicators.parse)
        phase = read_cell(problems, col("phase"), cells.get("phase"), context.phases.parse)
        beneficiary_id = None
        if indicator is not None and indicator.measured_per == MeasuredPer.CHILD:
            if is_empty(cells.get("child")):
                problems.add(col("child"), _("该指标按儿童测量，请填写服务对象的身份证号码或档案号。"))
            else:
                beneficiary_id = context.children.find(problems, col("child"), cells.get("child"))
            if phase not in (MeasurementPhase.BASELINE, MeasurementPhase.FOLLOWUP):
                problems.add(col("phase"), _("该指标按儿童测量，测量阶段应为前测或后测。"))
        elif indicator is not None:
            if phase not in (None, MeasurementPhase.SINGLE):
                problems.add(col("phase"), _("该指标按项目测量，测量阶段应为单次（或留空）。"))
            phase = MeasurementPhase.SINGLE
        value = read_cell(problems, col("value"), cells.get("value"), parse_decimal)
        if value is not None:
            if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
                problems.add(col("value"), _("测量值最多保留两位小数。"))
            elif message := measurement_value_error(indicator, value):
                problems.add(col("value"), message)
        measured_on = read_cell(problems, col("measured_on"), cells.get("measured_on"), parse_date)
        if measured_on is not None and (message := service_date_error(context.grant, measured_on, today=context.today)):
            problems.add(col("measured_on"), message)
        method = (
            read_cell(problems, col("method"), cells.get("method"), context.methods.parse) or MeasurementMethod.SCALE
        )
        if problems:
            return None
        value = value.quantize(Decimal("0.01"))
        key = row_key("measurement", indicator.pk, beneficiary_id, phase, value, measured_on, method)
        if key in context.seen:
            problems.add(_("整行"), _("与第 %(row)s 行内容完全相同，请只保留一行。") % {"row": context.seen[key]})
            return None
        context.seen[key] = number
        return MeasurementRow(
            number=number,
            row_key=key,
            indicator_id=indicator.pk,
            beneficiary_id=beneficiary_id,
            phase=phase,
            value=value,
            measured_on=measured_on,
            method=method,
        )
