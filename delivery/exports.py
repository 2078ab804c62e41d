"""Excel exports of a grant's 服务数据 pages, each exactly what its page shows to the viewer.

Officers of the issuing region see counts, file numbers and service logs, never a child's name, a volunteer's name
or the notes (docs/delivery.md); the serving organization also sees names and the masked ID number. No export ever
holds a clear-text ID number: none is stored."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.excel import DATE_FORMAT, Column, choice_labels, workbook_response

from .models import Gender, ServiceForm
from .selectors.summary import BEHIND, MET, NO_DATA

GROUPS = {
    "children": gettext_lazy("服务儿童（按类别）"),
    "hours": gettext_lazy("专业服务时长（按服务类型）"),
    "outputs": gettext_lazy("个案、小组与社区活动"),
    "cost": gettext_lazy("成本"),
}


def _filename(grant, what: str) -> str:
    return f"{grant.contract_number}-{what}-{timezone.localdate().isoformat()}.xlsx"


def summary_response(grant, summary):
    """Planned against delivered (the overview's counts: children by category, hours, outputs, cost, indicators)."""
    statuses = {MET: _("达到"), BEHIND: _("落后"), NO_DATA: _("暂无数据")}
    columns = [
        Column(_("类别"), lambda r: str(GROUPS.get(r.group, _("成效与满意度"))), width=24),
        Column(_("指标"), lambda r: r.label, width=30),
        Column(_("单位"), lambda r: r.unit, width=8),
        Column(_("计划"), lambda r: r.planned, "#,##0.##", width=10),
        Column(_("应完成"), lambda r: r.expected, "#,##0.##", width=10),
        Column(_("实际"), lambda r: r.delivered, "#,##0.##", width=10),
        Column(_("差额"), lambda r: r.gap, "#,##0.##", width=10),
        Column(_("进度"), lambda r: str(statuses.get(r.status, _("未设计划"))), width=10),
        Column(_("备注"), lambda r: r.extra, width=24),
    ]
    return workbook_response(
        filename=_filename(grant, _("计划与完成")), sheet_title=_("计划与完成"), columns=columns, rows=summary.rows
    )


def children_response(grant, children, *, with_names: bool):
    """A grant's children (``selectors.children_of_grant``: county joined, categories prefetched per chunk). The name
    and the masked ID number only for the serving organization (``with_names``)."""
    genders = choice_labels(Gender.choices)
    today = timezone.localdate()
    columns = [Column(_("档案号"), lambda c: c.code, width=12)]
    if with_names:
        columns += [
            Column(_("姓名"), lambda c: c.enrolment_name, width=10),
            Column(_("身份证号（脱敏）"), lambda c: c.id_masked or _("无（本组织建档）"), width=22),
        ]
    columns += [
        Column(_("儿童类别"), lambda c: "、".join(category.name for category in c.categories.all()), width=24),
        Column(_("性别"), lambda c: genders.get(c.gender, c.gender), width=6),
        Column(_("年龄"), lambda c: c.age_on(today), width=6),
        Column(_("县市区"), lambda c: c.county.name),
    ]
    return workbook_response(
        filename=_filename(grant, _("服务对象")),
        sheet_title=_("服务对象"),
        columns=columns,
        rows=children.iterator(chunk_size=2000),
    )


def logs_response(grant, logs, *, is_member: bool):
    """A grant's service logs (``selectors.children.log_list``: type and staff joined, attendees counted). A
    volunteer's name and the notes only for the serving organization, as on the page."""
    forms = choice_labels(ServiceForm.choices)
    volunteer = _("志愿者")

    def staff(log):
        if log.staff_member_id:
            return log.staff_member.name
        return f"{volunteer} {log.volunteer_name}".strip() if is_member else volunteer

    columns = [
        Column(_("日期"), lambda log: log.date, DATE_FORMAT, width=12),
        Column(_("服务类型"), lambda log: log.service_type.name),
        Column(_("形式"), lambda log: forms.get(log.form, log.form), width=10),
        Column(_("小组名称"), lambda log: log.group_name),
        Column(_("分钟"), lambda log: log.minutes, width=8),
        Column(_("服务人员"), staff),
        Column(_("人数"), lambda log: log.head_count if log.is_collective else 1, width=8),
        Column(_("登记儿童数"), lambda log: log.attendee_count, width=10),
        Column(_("乡镇街道"), lambda log: log.township),
        Column(_("村（社区）"), lambda log: log.village),
    ]
    if is_member:
        columns.append(Column(_("服务记录"), lambda log: log.notes, width=40))
    return workbook_response(
        filename=_filename(grant, _("服务记录")),
        sheet_title=_("服务记录"),
        columns=columns,
        rows=logs.iterator(chunk_size=2000),
    )
