"""Service logs (服务记录) from Excel: the columns and the checks of one row (the same as the one-by-one form's,
from ``delivery.validation``)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...identity import normalise_name
from ...models import ImportKind, ServiceForm
from ...models.services import COLLECTIVE_FORMS, INDIVIDUAL_FORMS
from ...validation import (
    NOTES_DIGITS,
    allowed_service_types,
    digits_error,
    head_count_error,
    minutes_error,
    service_date_error,
)
from ..parsing import Choices, clean_text, is_empty, parse_date, parse_integer, text
from .base import Column, EnrolledChildren, KindSpec, RowProblems, read_cell, row_key


@dataclass
class ServiceLogRow:
    number: int
    row_key: str
    date: datetime.date
    service_type_id: int
    form: str
    minutes: int
    staff_member_id: int | None
    volunteer_name: str
    beneficiary_id: int | None
    attendee_ids: list[int]
    head_count: int
    group_name: str
    township: str
    village: str
    notes: str


class _Context:
    def __init__(self, grant):
        self.grant = grant
        self.today = timezone.localdate()
        self.service_types = Choices((t, t.name) for t in allowed_service_types(grant))
        self.forms = Choices(ServiceForm.choices)
        self.staff: dict[str, list] = {}
        for member in grant.organization.staff_members.all():
            self.staff.setdefault(normalise_name(member.name), []).append(member)
        self.children = EnrolledChildren(grant)
        self.seen: dict[str, int] = {}


class ServiceLogSpec(KindSpec):
    kind = ImportKind.SERVICE_LOGS
    title = gettext_lazy("服务记录")
    columns = [
        Column(
            "date",
            "服务日期",
            True,
            gettext_lazy("服务当天的日期，如 2025-03-01、2025/3/1、2025年3月1日、2025.3.1"),
            "2025-03-01",
        ),
        Column(
            "service_type",
            "服务类型",
            True,
            gettext_lazy("从下拉列表选择本项目申报指南规定的服务类型"),
            "",
            options="service_types",
        ),
        Column("form", "服务形式", True, gettext_lazy("个案、小组、社区活动、家访或电话访问"), "个案", options="forms"),
        Column(
            "minutes",
            "服务时长（分钟）",
            True,
            gettext_lazy("1 至 720 之间的整数（分钟，不是小时）"),
            60,
            aliases=("服务时长", "时长（分钟）"),
        ),
        Column(
            "staff", "服务人员", False, gettext_lazy("本组织人员名单中的姓名；由志愿者服务时留空"), "", is_text=True
        ),
        Column(
            "volunteer", "志愿者姓名", False, gettext_lazy("由志愿者服务时填写；与“服务人员”二选一"), "", is_text=True
        ),
        Column(
            "child",
            "服务对象（身份证号或档案号）",
            False,
            _("个案、家访、电话访问必填：本项目已登记儿童的身份证号码或档案号（如 C0000123）"),
            "",
            aliases=("服务对象", "身份证号码", "档案号"),
            width=24,
            is_text=True,
        ),
        Column(
            "attendees",
            "参与儿童（身份证号或档案号）",
            False,
            _("小组、社区活动可填：已登记儿童的身份证号码或档案号，多名用“、”分隔"),
            "",
            aliases=("参与儿童",),
            width=30,
            is_text=True,
        ),
        Column(
            "head_count",
            "参与人数",
            False,
            gettext_lazy("小组、社区活动必填：实际参与人数（不少于所填参与儿童数）"),
            "",
        ),
        Column(
            "group_name", "小组名称", False, gettext_lazy("小组必填：同一小组的各节活动用同一名称"), "", is_text=True
        ),
        Column("township", "乡镇街道", False, gettext_lazy("服务地点所在乡镇街道"), "大智街道", is_text=True),
        Column("village", "村（社区）", False, gettext_lazy("服务地点所在村或社区"), "", is_text=True),
        Column(
            "notes",
            "服务记录",
            False,
            gettext_lazy("服务内容简述（不要填写儿童身份证号码）"),
            "",
            aliases=("备注",),
            width=30,
            is_text=True,
        ),
    ]

    def options(self, grant) -> dict[str, list[str]]:
        return {
            "service_types": [t.name for t in allowed_service_types(grant)],
            "forms": [str(label) for _value, label in ServiceForm.choices],
        }

    def example_row(self, grant) -> list:
        first_type = allowed_service_types(grant).first()
        staff = grant.organization.staff_members.filter(left_on__isnull=True).first()
        example = {
            "date": max(min(timezone.localdate(), grant.end_date), grant.start_date).isoformat(),
            "service_type": first_type.name if first_type else "",
            "form": "个案",
            "minutes": 60,
            "staff": staff.name if staff else "",
            "volunteer": "" if staff else "志愿者张三",
            "child": "C0000001",
            "township": "大智街道",
            "notes": "示例行：上传前请删除",
        }
        return [example.get(column.key, "") for column in self.columns]

    def chunk_done(self, context) -> None:
        context.seen.clear()

    def duplicate_message(self, row: int | str) -> str:
        return _("与第 %(row)s 行内容完全相同。如确是两次服务，请在“服务记录”列写明区别。") % {"row": row}

    def context(self, grant):
        return _Context(grant)

    def validate(self, context: _Context, number: int, cells: dict, problems: RowProblems):
        col = self.column
        day = read_cell(problems, col("date"), cells.get("date"), parse_date)
        if day is not None:
            message = service_date_error(context.grant, day, today=context.today)
            if message:
                problems.add(col("date"), message)
        service_type = read_cell(problems, col("service_type"), cells.get("service_type"), context.service_types.parse)
        form = read_cell(problems, col("form"), cells.get("form"), context.forms.parse)
        minutes = read_cell(problems, col("minutes"), cells.get("minutes"), parse_integer)
        if minutes is not None and (message := minutes_error(minutes)):
            problems.add(col("minutes"), message)
        staff_member, volunteer = self._who(context, cells, day, problems)
        beneficiary_id, attendees, head_count, group_name = None, [], 0, ""
        if form in INDIVIDUAL_FORMS:
            if is_empty(cells.get("child")):
                problems.add(col("child"), _("个案、家访和电话访问须填写一名服务对象的身份证号码或档案号。"))
            else:
                beneficiary_id = context.children.find(problems, col("child"), cells.get("child"))
        elif form in COLLECTIVE_FORMS:
            if not is_empty(cells.get("attendees")):
                attendees = context.children.find_many(problems, col("attendees"), cells.get("attendees"))
            head_count = read_cell(problems, col("head_count"), cells.get("head_count"), parse_integer, required=True)
            if head_count is not None and (message := head_count_error(head_count)):
                problems.add(col("head_count"), message)
            elif head_count is not None and head_count < len(attendees):
                problems.add(
                    col("head_count"),
                    _("参与人数（%(count)s）不能少于所填参与儿童数（%(attendees)s）。")
                    % {"count": head_count, "attendees": len(attendees)},
                )
            if form == ServiceForm.GROUP:
                group_name = self._text(problems, col("group_name"), cells.get("group_name"), 50)
                if not group_name:
                    problems.add(
                        col("group_name"), _("请填写小组名称：同一小组的各节活动用同一名称，以便统计小组数和节数。")
                    )
        township = self._text(problems, col("township"), cells.get("township"), 50)
        village = self._text(problems, col("village"), cells.get("village"), 50)
        notes = self._text(problems, col("notes"), cells.get("notes"), 2000, digits=NOTES_DIGITS)
        if problems:
            return None
        key = row_key(
            "log", day, service_type.pk, form, minutes, staff_member.pk if staff_member else None, volunteer,
            beneficiary_id, sorted(attendees), head_count, group_name, township, village, notes,
        )  # fmt: skip
        if key in context.seen:
            problems.add(_("整行"), self.duplicate_message(context.seen[key]))
            return None
        context.seen[key] = number
        return ServiceLogRow(
            number=number, row_key=key, date=day, service_type_id=service_type.pk, form=form, minutes=minutes,
            staff_member_id=staff_member.pk if staff_member else None, volunteer_name=volunteer,
            beneficiary_id=beneficiary_id, attendee_ids=attendees, head_count=head_count or 0, group_name=group_name,
            township=township, village=village, notes=notes,
        )  # fmt: skip

    def _text(self, problems, column, raw, max_length, *, digits=None):
        if raw is None or raw == "":
            value = read_cell(problems, column, raw, text) or ""
        elif type(raw) is str and len(raw) <= max_length and clean_text(raw):
            value = raw  # the common case: nothing for ``text`` to change
        else:
            value = read_cell(problems, column, raw, lambda v: text(v, max_length=max_length)) or ""
        message = digits_error(value, digits) if digits else digits_error(value)
        if message:
            problems.add(column, message)
            return ""
        return value

    def _who(self, context, cells, day, problems):
        """The roster staff member or the volunteer who gave the service (exactly one)."""
        col = self.column
        staff_name = self._text(problems, col("staff"), cells.get("staff"), 50)
        volunteer = self._text(problems, col("volunteer"), cells.get("volunteer"), 50)
        if bool(staff_name) == bool(volunteer):
            problems.add(col("staff"), _("请填写本组织服务人员的姓名，或填写志愿者姓名（二者选一）。"))
            return None, ""
        if volunteer:
            return None, volunteer
        members = context.staff.get(normalise_name(staff_name), [])
        if day is not None:
            current = [m for m in members if not m.left_on or m.left_on >= day]
            if members and not current:
                problems.add(col("staff"), _("该服务人员在服务日期前已离职。"))
                return None, ""
            members = current
        if not members:
            problems.add(col("staff"), _("不在本组织的人员名单中：请先在组织资料中添加该人员，或核对姓名。"))
            return None, ""
        if len(members) > 1:
            problems.add(col("staff"), _("人员名单中有同名人员，无法区分：请在人员名单中修改姓名以示区别。"))
            return None, ""
        return members[0], ""
