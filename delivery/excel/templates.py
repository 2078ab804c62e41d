"""The downloadable template of one import kind for one grant (openpyxl): Chinese headers, drop-down lists kept on a
hidden sheet (the call's service types and indicators, forms, categories, genders, guardian types, school stages…),
a 填写说明 sheet, and one example row that the user deletes."""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from core.excel import FORMULA_TRIGGERS

from .rows import spec_for

LISTS_SHEET = "下拉选项"
INSTRUCTIONS_SHEET = "填写说明"
# Data validation ranges cover this many rows below the header (whole columns slow Excel and WPS down).
VALIDATED_ROWS = 5000
_REQUIRED_FILL = PatternFill("solid", fgColor="FDE9D9")
_OPTIONAL_FILL = PatternFill("solid", fgColor="EAF1FB")


def _put(sheet, row: int, column: int, value):
    """Write a value; text that looks like a formula ("=…", typed by an officer into an indicator's name) stays text,
    exactly as typed, so the drop-down offers what the import matches and opening the file runs nothing."""
    cell = sheet.cell(row=row, column=column, value=value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def template_filename(grant, kind: str) -> str:
    return f"{grant.contract_number}-{spec_for(kind).title}-导入模板.xlsx"


def build_template(grant, kind: str) -> bytes:
    """The template workbook for ``kind`` on ``grant``, as bytes."""
    spec = spec_for(kind)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(spec.title)
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    options = spec.options(grant)
    list_ranges = {}
    for index, (name, labels) in enumerate(options.items(), start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=name)
        for row, label in enumerate(labels, start=2):
            _put(lists, row, index, label)
        if labels:
            list_ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(labels) + 1}"

    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if column.required else _OPTIONAL_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(("【必填】" if column.required else "【选填】") + str(column.expected), "关爱平台")
        sheet.column_dimensions[letter].width = column.width
        cell_range = f"{letter}2:{letter}{VALIDATED_ROWS + 1}"
        if column.is_text:
            # Text format keeps 18-digit ID numbers whole (a number cell keeps 15 digits) and "2014-05" as typed.
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
        if column.options and column.options in list_ranges and column.key != "categories":
            validation = DataValidation(
                type="list",
                formula1=list_ranges[column.options],
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=_("请从列表中选择"),
                error=_("请从下拉列表中选择：%(expected)s") % {"expected": column.expected},
            )
            validation.add(cell_range)
            sheet.add_data_validation(validation)
        elif column.options == "categories" and column.options in list_ranges:
            # Several categories may apply ("孤儿、残疾儿童"): offer the list but accept other input.
            validation = DataValidation(
                type="list",
                formula1=list_ranges[column.options],
                allow_blank=False,
                showErrorMessage=False,
                showInputMessage=True,
                promptTitle=_("儿童类别"),
                prompt=_("可从列表选择一项；多项请手工填写，用“、”分隔。"),
            )
            validation.add(cell_range)
            sheet.add_data_validation(validation)
    for index, value in enumerate(spec.example_row(grant), start=1):
        _put(sheet, 2, index, value)
    sheet.freeze_panes = "A2"
    _instructions(workbook.create_sheet(INSTRUCTIONS_SHEET, 0), grant, spec, options)
    workbook.active = 1
    _keep_text_as_text(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _keep_text_as_text(workbook) -> None:
    """Names typed on the platform (a staff member in the example row, an indicator in a drop-down list, the grant's
    title) never become formulas: openpyxl stores text starting with "=" as one. The text stays exactly as typed
    (a hidden quote prefix, not an apostrophe in the value), so a drop-down choice still matches on import."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def _instructions(sheet, grant, spec, options) -> None:
    lines = [
        (_("%(title)s导入模板") % {"title": spec.title}, None),
        (_("项目：%(title)s（合同编号 %(number)s）") % {"title": grant.title, "number": grant.contract_number}, None),
        (_("合同期：%(start)s 至 %(end)s") % {"start": grant.start_date, "end": grant.end_date}, None),
        ("", None),
        (_("怎样填写"), None),
        (_("1. 在“%(sheet)s”工作表中每行填写一条，第 2 行是示例，上传前请删除。") % {"sheet": spec.title}, None),
        (_("2. 表头不要修改；列的顺序可以调整，可以增加自己的列（导入时忽略），工作表可以改名。"), None),
        (_("3. 日期可写作 2025-03-01、2025/3/1、2025年3月1日 或 2025.3.1；数字可用全角或半角。"), None),
        (_("4. 身份证号码列请保持“文本”格式，否则 Excel 会丢掉后几位。"), None),
        (
            _("5. 不要使用公式，请粘贴为数值。一个文件最多 %(rows)s 行，不超过 %(size)s MB。")
            % {"rows": settings.DELIVERY_IMPORT_MAX_ROWS, "size": settings.DELIVERY_IMPORT_MAX_BYTES // (1024 * 1024)},
            None,
        ),
        (_("6. 导入要么全部成功，要么一行也不写入：有错误时可下载错误清单，改正后重新上传整个文件。"), None),
        (_("7. 同一文件或同一行重复上传不会重复登记。"), None),
        ("", None),
        (_("各列说明"), None),
    ]
    rows = [[text] for text, _unused in lines]
    rows.append([_("列名"), _("是否必填"), _("填写要求"), _("可选值")])
    for column in spec.columns:
        rows.append(
            [
                column.header,
                _("必填") if column.required else _("选填"),
                str(column.expected),
                "、".join(options.get(column.options, [])) if column.options else "",
            ]
        )
    for row_number, values in enumerate(rows, start=1):
        for column_number, value in enumerate(values, start=1):
            _put(sheet, row_number, column_number, value)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in (sheet["A5"], sheet["A14"]):
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 60
    sheet.column_dimensions["D"].width = 60
