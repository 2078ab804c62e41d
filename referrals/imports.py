"""The Excel list of supervisors and directors of one county: the template, and parsing it into typed rows plus
row-level errors. Nothing is written here (``services.workers.care_workers_import`` applies the rows)."""

import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from core.excel import read_rows
from core.models import Region, RegionLevel, User

from .models import CareWorkerRole

MAX_ROWS = 2000
HEADERS = ["姓名", "角色", "乡镇街道", "村（社区）", "手机号码", "电子邮箱"]
REQUIRED = ["姓名", "角色", "乡镇街道", "手机号码"]
ROLE_LABELS = {"儿童督导员": CareWorkerRole.SUPERVISOR, "儿童主任": CareWorkerRole.DIRECTOR}
MOBILE = re.compile(r"^1[3-9]\d{9}$")


@dataclass
class WorkerRow:
    number: int
    name: str
    role: str
    township: Region
    village: str
    phone: str
    email: str


def townships_of(county: Region):
    return Region.objects.filter(parent=county, level=RegionLevel.TOWNSHIP).order_by("code")


def build_template(county: Region) -> bytes:
    """The list template: the columns, one example row, and the county's townships on a second sheet (the
    township column offers them as a drop-down)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "人员名单"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    townships = list(townships_of(county))
    example_township = townships[0].name if townships else ""
    sheet.append(["张三（示例，请删除）", "儿童主任", example_township, "新村", "13800000000", ""])
    for letter, width in zip("ABCDEF", (16, 12, 18, 16, 14, 26), strict=True):
        sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[letter].number_format = "@"
    lists = workbook.create_sheet("乡镇街道")
    lists.append(["代码", "名称"])
    for township in townships:
        lists.append([township.code, township.name])
    roles = DataValidation(type="list", formula1='"儿童督导员,儿童主任"', allow_blank=False)
    sheet.add_data_validation(roles)
    roles.add(f"B2:B{MAX_ROWS + 1}")
    if townships:
        names = DataValidation(type="list", formula1=f"'乡镇街道'!$B$2:$B${len(townships) + 1}")
        sheet.add_data_validation(names)
        names.add(f"C2:C{MAX_ROWS + 1}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_workers(upload, *, county: Region) -> tuple[list[WorkerRow], list[tuple[int, str]]]:
    """(rows, errors): every row with a problem is named by its row number; rows are only usable without errors."""
    try:
        headers, records = read_rows(upload)
    except ValueError as error:
        return [], [(0, str(error))]
    missing = [header for header in REQUIRED if header not in headers]
    if missing:
        return [], [(1, _("缺少列：%(columns)s（请使用下载的模板）。") % {"columns": "、".join(missing)})]
    if len(records) > MAX_ROWS:
        return [], [(0, _("一次最多导入 %(max)s 行，本文件有 %(rows)s 行。") % {"max": MAX_ROWS, "rows": len(records)})]
    townships = {}
    for township in townships_of(county):
        townships[township.name] = township
        townships[township.code] = township
    rows, errors = [], []
    seen_phones: dict[str, int] = {}
    for number, record in records:
        values = {header: _text(record.get(header)) for header in HEADERS}
        problems = []
        for header in REQUIRED:
            if not values[header]:
                problems.append(_("“%(column)s”为空") % {"column": header})
        role = ROLE_LABELS.get(values["角色"])
        if values["角色"] and role is None:
            problems.append(_("角色应为“儿童督导员”或“儿童主任”，而不是“%(value)s”") % {"value": values["角色"]})
        township = townships.get(values["乡镇街道"])
        if values["乡镇街道"] and township is None:
            problems.append(
                _("“%(value)s”不是%(county)s的乡镇街道") % {"value": values["乡镇街道"], "county": county.name}
            )
        if role == CareWorkerRole.DIRECTOR and not values["村（社区）"]:
            problems.append(_("儿童主任须填写所在村（社区）"))
        phone = values["手机号码"].replace(" ", "").replace("-", "")
        if phone and not MOBILE.match(phone):
            problems.append(_("手机号码“%(value)s”应为 11 位手机号") % {"value": values["手机号码"]})
        elif phone in seen_phones:
            problems.append(_("手机号码与第 %(row)s 行重复") % {"row": seen_phones[phone]})
        elif phone and User.objects.filter(username__iexact=phone).exists():
            problems.append(_("手机号码 %(phone)s 已有账号") % {"phone": phone})
        seen_phones.setdefault(phone, number)
        email = values["电子邮箱"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("电子邮箱“%(value)s”格式不正确") % {"value": values["电子邮箱"]})
        if problems:
            errors.append((number, "；".join(str(p) for p in problems)))
            continue
        rows.append(WorkerRow(number, values["姓名"][:50], role, township, values["村（社区）"][:50], phone, email))
    if not rows and not errors:
        errors.append((0, _("文件中没有人员数据。")))
    return rows, errors
