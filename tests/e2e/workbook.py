"""Fill the service-log template the site generated for the grant (as an organization does in Excel)."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

LISTS_SHEET_COLUMN = "service_types"


def fill_service_logs(template: Path, target: Path, rows: int = 6) -> Path:
    """Group sessions and community events today, led by a volunteer (no child's identity needed): 9 hours."""
    workbook = load_workbook(template)
    sheet = workbook["服务记录"]
    headers = {cell.value: cell.column for cell in sheet[1] if cell.value}
    lists = next(ws for ws in workbook.worksheets if ws.sheet_state == "hidden")
    column = next(cell.column for cell in lists[1] if cell.value == LISTS_SHEET_COLUMN)
    service_types = [r[0] for r in lists.iter_rows(min_row=2, min_col=column, max_col=column, values_only=True) if r[0]]
    today = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    sheet.delete_rows(2, sheet.max_row)
    for index in range(rows):
        row = 2 + index
        values = {
            "服务日期": f"{today:%Y-%m-%d}",
            "服务类型": service_types[index % len(service_types)],
            "服务形式": "小组" if index % 2 == 0 else "社区活动",
            "服务时长（分钟）": 90,
            "志愿者姓名": "刘志愿",
            "参与人数": 12,
            "乡镇街道": "大智街道",
            "服务记录": f"儿童之家第 {index + 1} 次活动：绘本共读与情绪认知。",
        }
        if index % 2 == 0:
            values["小组名称"] = "儿童之家成长小组"
        for header, value in values.items():
            sheet.cell(row=row, column=headers[header], value=value)
    workbook.save(target)
    return target
