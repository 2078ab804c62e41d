"""The round trip of issue 8: template → 500 rows with a few bad ones → error workbook → fix → upload → figures;
measurements; the template's drop-downs; the error workbook's safety."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from delivery.excel.errors import build_error_workbook, neutralise
from delivery.excel.rows import RowProblems
from delivery.excel.templates import build_template
from delivery.models import ImportBatch, ImportStatus, OutcomeMeasurement, ServiceLog
from delivery.selectors.summary import grant_delivery_summary
from programs.models import MeasuredPer
from tests.factories.delivery import BeneficiaryFactory, EnrolmentFactory, OutcomeIndicatorFactory, id_number

from .excel_helpers import upload, workbook_bytes
from .test_excel_import import call_types, day  # noqa: F401  (fixture)


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _post(client, grant, data, name="三月台账.xlsx", kind="service_logs"):
    return client.post(
        reverse("delivery_imports:import_list", args=[grant.pk]), {"kind": kind, "file": upload(data, name)}
    )


def test_500_rows_from_the_template_with_a_few_bad_then_fixed(
    member_client,
    grant,
    staff,
    call_types,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    numbers = [id_number(i) for i in range(20)]
    for number in numbers:
        EnrolmentFactory(grant=grant, beneficiary=BeneficiaryFactory(number=number))
    response = member_client.get(reverse("delivery_imports:template_download", args=[grant.pk, "service_logs"]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["服务记录"]
    headers = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2)  # the example row
    column = {header: index for index, header in enumerate(headers)}
    today = timezone.localdate()
    for i in range(500):
        row = [None] * len(headers)
        row[column["服务日期"]] = today - datetime.timedelta(days=1 + i % 60)
        row[column["服务类型"]] = call_types[i % 2].name
        row[column["服务形式"]] = "个案"
        row[column["服务时长（分钟）"]] = 30 + i % 4 * 15
        row[column["服务人员"]] = "王社工" if i % 5 else None
        row[column["志愿者姓名"]] = None if i % 5 else "志愿者周"
        row[column["服务对象（身份证号或档案号）"]] = numbers[i % 20]
        row[column["服务记录"]] = f"第{i + 1}次服务"
        sheet.append(row)
    bad = {
        41: ("服务时长（分钟）", 0, "至少为 1 分钟"),
        202: ("服务类型", "康复", "不是可选项"),
        377: ("服务日期", today + datetime.timedelta(days=3), "在今天之后"),
    }
    original = {}
    for number, (header, value, _expected) in bad.items():
        cell = sheet.cell(row=number, column=column[header] + 1)
        original[number] = cell.value
        cell.value = value
    with django_capture_on_commit_callbacks(execute=True):
        _post(member_client, grant, _save(workbook))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED and ServiceLog.objects.count() == 0
    assert "共 500 行，其中 3 行有错误" in batch.message
    errors = load_workbook(io.BytesIO(batch.error_workbook.read()), read_only=True).active
    described = {row[1]: row[0] for row in errors.iter_rows(min_row=2, values_only=True) if row[0]}
    assert set(described) == set(bad)
    for number, (header, _value, expected) in bad.items():
        assert f"【{header}】" in described[number] and expected in described[number]
    # Fix the three rows and upload the whole file again.
    for number, (header, _value, _expected) in bad.items():
        sheet.cell(row=number, column=column[header] + 1).value = original[number]
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(member_client, grant, _save(workbook))
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == ImportStatus.SUCCEEDED, batch.message
    assert batch.rows_imported == 500 and ServiceLog.objects.count() == 500
    hours = {row.label: row.delivered for row in grant_delivery_summary(grant).by_group("hours")}
    professional = sum(30 + i % 4 * 15 for i in range(500) if i % 5) / Decimal(60)
    assert sum(value for value in hours.values() if value) == pytest.approx(professional, abs=Decimal("0.1"))
    assert member_client.get(reverse("delivery:grant_overview", args=[grant.pk])).status_code == 200


def test_measurements_per_child_and_per_grant(member_client, grant):
    per_child = OutcomeIndicatorFactory(call=grant.call, name="心理韧性得分")
    OutcomeIndicatorFactory(call=grant.call, name="服务满意度", measured_per=MeasuredPer.GRANT, unit="%")
    number = id_number(700)
    EnrolmentFactory(grant=grant, beneficiary=BeneficiaryFactory(number=number))
    header = ["成效指标", "服务对象（身份证号或档案号）", "测量阶段", "测量值", "测量日期", "测量方法"]
    rows = [
        ["心理韧性得分", number, "前测", 42, day(60), "量表"],
        ["心理韧性得分", number, "后测", "５５.５", day(5), ""],
        ["服务满意度", "", "", "96.5", day(5), "问卷调查"],
    ]
    _post(member_client, grant, workbook_bytes(header, rows), kind="measurements")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.SUCCEEDED, batch.message
    values = sorted(OutcomeMeasurement.objects.values_list("indicator__name", "phase", "value"))
    assert values == [
        ("心理韧性得分", "baseline", Decimal("42.00")),
        ("心理韧性得分", "followup", Decimal("55.50")),
        ("服务满意度", "single", Decimal("96.50")),
    ]
    bad = [
        ["心理韧性得分", "", "前测", 42, day(60), ""],
        ["心理韧性得分", number, "单次", 42.123, day(60), ""],
        ["不存在的指标", number, "前测", 1, day(60), ""],
    ]
    _post(member_client, grant, workbook_bytes(header, bad), kind="measurements")
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == ImportStatus.FAILED and OutcomeMeasurement.objects.count() == 3
    assert per_child.measurements.count() == 2


def test_children_template_has_drop_downs_instructions_and_an_example(grant):
    workbook = load_workbook(io.BytesIO(build_template(grant, "children")))
    assert workbook.sheetnames == ["填写说明", "服务对象", "下拉选项"]
    sheet = workbook["服务对象"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["姓名", "身份证号码", "无身份证号原因"]
    assert sheet.max_row == 2  # one example row
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    letters = {headers[i]: chr(65 + i) for i in range(len(headers))}
    for header in ("性别", "儿童类别", "县市区", "监护类型", "就学阶段", "同意人"):
        assert f"{letters[header]}2" in validated, header
    lists = workbook["下拉选项"]
    names = {lists.cell(row=1, column=c).value: c for c in range(1, lists.max_column + 1)}
    counties = [lists.cell(row=r, column=names["counties"]).value for r in range(2, lists.max_row + 1)]
    assert "江岸区" in counties
    assert "填写说明" in workbook["填写说明"]["A1"].value or workbook["填写说明"]["A1"].value.endswith("导入模板")
    assert sheet["B2"].number_format == "@"  # ID numbers stay text


def test_the_template_itself_imports_once_its_example_row_is_replaced(member_client, grant):
    workbook = load_workbook(io.BytesIO(build_template(grant, "children")))
    sheet = workbook["服务对象"]
    sheet.title = "我们的名单"  # a renamed sheet still works
    values = ["小丽", id_number(800), None, None, None, "农村留守儿童", "江岸区", None, "祖父母", "小学", day(3)]
    values.append("祖父母")
    for index, value in enumerate(values, start=1):
        sheet.cell(row=2, column=index).value = value
    _post(member_client, grant, _save(workbook), kind="children")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.SUCCEEDED, batch.message
    assert batch.rows_imported == 1


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("正常文字", "正常文字"),
        (-5, -5),
    ],
)
def test_formula_like_text_is_neutralised(value, written):
    assert neutralise(value) == written


def test_error_workbook_keeps_every_row_and_lists_bad_rows_first():
    problems = RowProblems(3)
    problems.add("服务时长（分钟）", "服务时长应至少为 1 分钟，您填写了 0。")
    problems.add("服务日期", "日期在今天之后。")
    content = build_error_workbook(
        header=["服务日期", "服务时长（分钟）", "服务记录"],
        rows=[(2, ["2025-03-01", 60, "好"]), (3, ["2099-01-01", 0, "=1+1"])],
        problems={3: problems},
    )
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0] == ("错误说明", "原行号", "服务日期", "服务时长（分钟）", "服务记录")
    assert rows[1][0] == "【服务时长（分钟）】服务时长应至少为 1 分钟，您填写了 0。\n【服务日期】日期在今天之后。"
    assert rows[1][1:] == (3, "2099-01-01", 0, "'=1+1")
    assert rows[2] == (None, 2, "2025-03-01", 60, "好")


def test_id_like_numbers_are_masked_in_any_message():
    problems = RowProblems(2)
    problems.add("服务日期", "“420102201405170016”不是可识别的日期")
    assert "420102201405170016" not in problems.problems[0][1]
