"""Building workbooks the way users' spreadsheet programs save them, for the Excel import tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

LOG_HEADERS = [
    "服务日期",
    "服务类型",
    "服务形式",
    "服务时长（分钟）",
    "服务人员",
    "志愿者姓名",
    "服务对象（身份证号或档案号）",
]


def workbook_bytes(header, rows, *, title="Sheet1", before=(), extra_sheets=()) -> bytes:
    """A one-table workbook: optional lines ``before`` the header, then the header and rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for line in before:
        sheet.append(list(line))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for name in extra_sheets:
        workbook.create_sheet(name)["A1"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "服务记录.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
