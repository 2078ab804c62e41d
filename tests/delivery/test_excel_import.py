"""The import service: every row validated, then all written in one transaction or none; idempotent by content."""

import datetime
import io
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from core.audit import AuditEvent
from core.models import ServiceType
from delivery.models import Beneficiary, Enrolment, ImportKind, ImportStatus, ServiceLog
from delivery.services.imports import import_batch_create, import_batch_run
from tests.factories.delivery import BeneficiaryFactory, EnrolmentFactory, id_number

from .excel_helpers import LOG_HEADERS, upload, workbook_bytes


@pytest.fixture
def call_types(grant):
    """The call lists two service types; anything else is unknown for this grant."""
    types = list(ServiceType.objects.filter(code__in=["counselling", "guardianship"]))
    grant.call.service_types.set(types)
    return types


@pytest.fixture
def children(grant):
    """Three children enrolled on the grant, with known ID numbers."""
    numbers = [id_number(100 + i) for i in range(3)]
    for number in numbers:
        EnrolmentFactory(grant=grant, beneficiary=BeneficiaryFactory(number=number))
    return numbers


def day(offset: int = 10) -> str:
    return (timezone.localdate() - datetime.timedelta(days=offset)).isoformat()


def log_row(child, *, date=None, service_type="心理疏导", form="个案", minutes=60, staff="王社工", volunteer=""):
    return [date or day(), service_type, form, minutes, staff, volunteer, child]


def run(grant, actor, rows, *, header=LOG_HEADERS, kind=ImportKind.SERVICE_LOGS, name="台账.xlsx"):
    batch = import_batch_create(grant=grant, actor=actor, kind=kind, upload=upload(workbook_bytes(header, rows), name))
    return import_batch_run(batch=batch)


def errors_of(batch) -> dict[int, str]:
    """{original row number: 错误说明} from the batch's error workbook."""
    sheet = load_workbook(io.BytesIO(batch.error_workbook.read()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("错误说明", "原行号")
    return {row[1]: row[0] for row in rows[1:] if row[0]}


def test_service_logs_in_every_accepted_spelling_are_imported(grant, org_admin, staff, call_types, children):
    serial = (timezone.localdate() - datetime.timedelta(days=5) - datetime.date(1899, 12, 30)).days
    rows = [
        log_row(children[0], date=day(3)),
        log_row(children[1], date=serial, minutes="９０", service_type=" 心理 疏导 "),
        log_row(
            children[2], date=f"{timezone.localdate().year}年{timezone.localdate().month}月{timezone.localdate().day}日"
        ),
        log_row(children[0].lower(), date=day(20).replace("-", "/"), staff="", volunteer="志愿者李", form="家访"),
        [None] * 7,
        log_row(children[1], date=day(21).replace("-", "."), service_type="guardianship", form="phone"),
    ]
    batch = run(grant, org_admin, rows)
    assert batch.status == ImportStatus.SUCCEEDED, batch.message
    assert batch.rows_imported == 5
    assert ServiceLog.objects.filter(grant=grant, import_batch=batch).count() == 5
    assert ServiceLog.objects.filter(grant=grant, minutes=90).count() == 1
    assert ServiceLog.objects.filter(grant=grant, volunteer_name="志愿者李", form="home_visit").count() == 1
    event = AuditEvent.objects.get(action="import_batch.run")
    assert event.details == {"batch": batch.pk, "kind": "service_logs", "rows": 5, "imported": 5, "skipped": 0}


def test_a_group_with_attendees_and_head_count(grant, org_admin, staff, call_types, children):
    header = [*LOG_HEADERS, "参与儿童（身份证号或档案号）", "参与人数", "小组名称"]
    child_code = Beneficiary.objects.served_under(grant).first().code
    rows = [[*log_row("", form="小组"), f"{children[0]}、{child_code}", 8, "阳光小组"]]
    batch = run(grant, org_admin, rows, header=header)
    assert batch.status == ImportStatus.SUCCEEDED, batch.message
    log = ServiceLog.objects.get(grant=grant)
    assert log.head_count == 8 and log.group_name == "阳光小组" and log.attendees.count() == 2


@pytest.mark.parametrize(
    ("cells", "column", "expected"),
    [
        ({"minutes": 0}, "服务时长（分钟）", "至少为 1 分钟"),
        ({"minutes": -30}, "服务时长（分钟）", "至少为 1 分钟"),
        ({"minutes": 721}, "服务时长（分钟）", "不能超过 720 分钟"),
        ({"minutes": "1.5小时"}, "服务时长（分钟）", "不是整数"),
        ({"date": "2020-01-01"}, "服务日期", "不在合同期内"),
        ({"date": "2099-01-01"}, "服务日期", "在今天之后"),
        ({"date": "3月1日"}, "服务日期", "2025年3月1日"),
        ({"service_type": "康复"}, "服务类型", "不是可选项"),
        ({"form": "讲座"}, "服务形式", "个案、小组"),
        ({"staff": "不存在的人"}, "服务人员", "不在本组织的人员名单中"),
        ({"staff": "", "volunteer": ""}, "服务人员", "二者选一"),
        ({"child": ""}, "服务对象（身份证号或档案号）", "须填写一名服务对象"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(
    grant, org_admin, staff, call_types, children, cells, column, expected
):
    good = log_row(children[0])
    bad = log_row(children[1])
    keys = ["date", "service_type", "form", "minutes", "staff", "volunteer", "child"]
    for key, value in cells.items():
        bad[keys.index(key)] = value
    batch = run(grant, org_admin, [good, [*good[:6], children[2]], bad])
    assert batch.status == ImportStatus.FAILED
    assert ServiceLog.objects.count() == 0
    assert "3 行，其中 1 行有错误" in batch.message
    errors = errors_of(batch)
    assert list(errors) == [4]
    assert f"【{column}】" in errors[4] and expected in errors[4]


def test_a_child_of_another_organization_is_refused_without_saying_it_exists(
    grant, other_grant, org_admin, staff, call_types, children
):
    outsider = id_number(900)
    EnrolmentFactory(grant=other_grant, beneficiary=BeneficiaryFactory(number=outsider))
    unknown = id_number(901)
    batch = run(grant, org_admin, [log_row(outsider), log_row(unknown)])
    assert batch.status == ImportStatus.FAILED and ServiceLog.objects.count() == 0
    errors = errors_of(batch)
    # The same words for a child served elsewhere and for a child nobody knows: nothing is revealed.
    assert errors[2] == errors[3]
    assert "不是本项目登记的服务对象" in errors[2]
    assert outsider not in errors[2] and outsider not in batch.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42010220140517001", "应为18位"),
        ("42010220140517001Y", "第18位"),
        ("420102201405170010", "校验位"),
        (420102201405170010.0, "文本"),
    ],
)
def test_invalid_id_numbers_are_refused_and_not_echoed(grant, org_admin, staff, call_types, children, value, expected):
    batch = run(grant, org_admin, [log_row(value)])
    assert batch.status == ImportStatus.FAILED
    message = errors_of(batch)[2]
    assert expected in message
    assert "4201022014" not in message


def test_formulas_where_values_are_expected_are_refused(grant, org_admin, staff, call_types, children):
    batch = run(grant, org_admin, [log_row(children[0], minutes="=30*2")])
    assert batch.status == ImportStatus.FAILED
    assert "【服务时长（分钟）】该单元格是公式" in errors_of(batch)[2]


def test_the_same_file_twice_imports_nothing_the_second_time(grant, org_admin, staff, call_types, children):
    data = workbook_bytes(LOG_HEADERS, [log_row(c) for c in children])
    first = import_batch_run(
        batch=import_batch_create(grant=grant, actor=org_admin, kind="service_logs", upload=upload(data))
    )
    assert first.rows_imported == 3
    with pytest.raises(ValidationError, match=r"同一文件已于 .* 导入成功（3 行），本次没有重复导入"):
        import_batch_create(grant=grant, actor=org_admin, kind="service_logs", upload=upload(data, "copy.xlsx"))
    assert ServiceLog.objects.count() == 3


def test_the_same_rows_in_another_file_are_skipped_and_counted(grant, org_admin, staff, call_types, children):
    run(grant, org_admin, [log_row(c) for c in children[:2]])
    # Another file: other column order, an extra column, full-width digits; two old rows and one new.
    header = ["备注列", *reversed(LOG_HEADERS)]
    rows = [["x", *reversed(log_row(c, minutes="６０"))] for c in children]
    batch = run(grant, org_admin, rows, header=header)
    assert batch.status == ImportStatus.SUCCEEDED
    assert (batch.rows_imported, ServiceLog.objects.count()) == (1, 3)
    assert "2 行此前已导入，已跳过" in batch.message


def test_identical_rows_within_one_file_are_pointed_out(grant, org_admin, staff, call_types, children):
    batch = run(grant, org_admin, [log_row(children[0]), log_row(children[0])])
    assert batch.status == ImportStatus.FAILED
    assert "与第 2 行内容完全相同" in errors_of(batch)[3]


def test_rows_are_written_a_chunk_at_a_time_and_repeats_across_chunks_are_named(
    grant, org_admin, staff, call_types, children, monkeypatch
):
    """The import validates and writes a chunk of rows at a time; a row identical to one of an earlier (already
    written) chunk is still named with that row's number, every bad row is listed, and nothing is kept."""
    from delivery.services import imports

    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    rows = [log_row(children[i % 3], date=day(10 + i)) for i in range(5)]
    rows.append(log_row(children[0], date=day(10)))  # sheet row 7 repeats row 2 (first chunk)
    rows.append(log_row(children[1], minutes=0))  # row 8: a bad value, after rows already written
    rows.append(log_row(children[1], date=day(14)))  # row 9 repeats row 6 (third chunk)
    batch = run(grant, org_admin, rows)
    assert batch.status == ImportStatus.FAILED
    assert ServiceLog.objects.count() == 0
    errors = errors_of(batch)
    assert set(errors) == {7, 8, 9}
    assert "与第 2 行内容完全相同" in errors[7] and "与第 6 行内容完全相同" in errors[9]
    assert "\x00" not in errors[7]
    # The rows with problems come first, then every other row of the upload.
    with batch.error_workbook.open("rb") as stream:
        sheet = load_workbook(io.BytesIO(stream.read()), read_only=True).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [7, 8, 9, 2, 3, 4, 5, 6]
    # Fixed, the file imports whole, chunk by chunk.
    batch = run(grant, org_admin, [*rows[:5], log_row(children[1], minutes=90)])
    assert batch.status == ImportStatus.SUCCEEDED, batch.message
    assert ServiceLog.objects.filter(import_batch=batch).count() == 6


def test_a_repeat_of_a_skipped_row_in_a_later_chunk_is_named(
    grant, org_admin, staff, call_types, children, monkeypatch
):
    from delivery.services import imports

    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    run(grant, org_admin, [log_row(children[0])])
    batch = run(grant, org_admin, [log_row(children[0]), log_row(children[1]), log_row(children[0])])
    assert batch.status == ImportStatus.FAILED
    assert "与第 2 行内容完全相同" in errors_of(batch)[4]


def test_a_failure_during_the_write_leaves_nothing(grant, org_admin, staff, call_types, children, monkeypatch):
    from delivery.services import imports

    calls = []
    if connection.vendor == "postgresql":  # the rows are written with COPY
        original_copy = imports.copy_rows

        def crash_during_copy(model, fields, rows):
            calls.append(1)
            original_copy(model, fields, itertools.islice(rows, 2))  # the first rows are written…
            raise OSError("disk full")  # …then the write dies

        monkeypatch.setattr(imports, "copy_rows", crash_during_copy)
    else:
        original = ServiceLog.objects.bulk_create

        def crash_on_second_batch(objs, **kwargs):
            calls.append(1)
            kwargs["batch_size"] = 2
            original(objs[:2], **kwargs)  # the first rows are written…
            raise OSError("disk full")  # …then the write dies

        monkeypatch.setattr(ServiceLog.objects, "bulk_create", crash_on_second_batch)
    batch = import_batch_create(
        grant=grant,
        actor=org_admin,
        kind="service_logs",
        upload=upload(workbook_bytes(LOG_HEADERS, [log_row(c) for c in children])),
    )
    with pytest.raises(OSError):
        imports.import_batch_run(batch=batch)
    assert calls and ServiceLog.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportStatus.RUNNING
    monkeypatch.undo()
    # Run again (what the retried task does): the whole file is written once.
    batch = imports.import_batch_run(batch=batch)
    assert batch.status == ImportStatus.SUCCEEDED and ServiceLog.objects.count() == 3


def test_children_are_enrolled_and_found_across_organizations(grant, other_grant, org_admin, other_admin):
    header = [
        "姓名",
        "身份证号码",
        "无身份证号原因",
        "性别",
        "出生年月",
        "儿童类别",
        "县市区",
        "监护类型",
        "就学阶段",
        "知情同意日期",
        "同意人",
    ]
    shared = id_number(500)
    consent = day(30)
    rows = [
        ["小红", shared, "", "", "", "农村留守儿童、残疾儿童", "江岸区", "祖父母", "小学", consent, "祖父母"],
        ["小刚", "", "未落户", "男", "2016年3月", "困境儿童", "420102", "其他亲属", "学前", consent, "其他亲属"],
        [
            "小兰",
            id_number(501).lower(),
            "",
            "男",
            "2014-05",
            "孤儿",
            " 江岸区 ",
            "福利机构",
            "小学",
            consent,
            "福利机构",
        ],
    ]
    batch = run(grant, org_admin, rows, header=header, kind=ImportKind.CHILDREN)
    assert batch.status == ImportStatus.SUCCEEDED, batch.message
    assert Enrolment.objects.filter(grant=grant, import_batch=batch).count() == 3
    # The other organization uploads the same child: one file, two enrolments.
    batch = run(other_grant, other_admin, rows[:1], header=header, kind=ImportKind.CHILDREN)
    assert batch.status == ImportStatus.SUCCEEDED, batch.message
    assert Beneficiary.objects.count() == 3
    assert (
        Enrolment.objects.filter(beneficiary__id_masked__startswith="420").values("beneficiary").distinct().count() == 2
    )
    # No clear ID number anywhere in the rows written.
    for child in Beneficiary.objects.all():
        assert shared not in str(child.__dict__)
    # Again in another file: skipped, counted.
    batch = run(grant, org_admin, rows, header=[*header, "备注"], kind=ImportKind.CHILDREN)
    assert batch.rows_imported == 0 and "3 行此前已导入" in batch.message


def test_children_rows_with_problems(grant, org_admin):
    header = [
        "姓名",
        "身份证号码",
        "无身份证号原因",
        "性别",
        "出生年月",
        "儿童类别",
        "县市区",
        "监护类型",
        "就学阶段",
        "知情同意日期",
        "同意人",
    ]
    consent = day(30)
    good = ["小红", id_number(510), "", "", "", "农村留守儿童", "江岸区", "祖父母", "小学", consent, "祖父母"]
    rows = [
        good,
        ["小红", id_number(510), "", "", "", "农村留守儿童", "江岸区", "祖父母", "小学", consent, "祖父母"],
        ["", "", "", "", "", "外星儿童", "火星区", "父母", "大学", "2099-01-01", "邻居"],
        ["小明", id_number(511), "", "女", "", "孤儿", "江岸区", "父母", "小学", consent, "母亲"],
    ]
    batch = run(grant, org_admin, rows, header=header, kind=ImportKind.CHILDREN)
    assert batch.status == ImportStatus.FAILED and Beneficiary.objects.count() == 0
    errors = errors_of(batch)
    assert "与第 2 行是同一名儿童" in errors[3]
    for text in (
        "【身份证号码】",
        "【姓名】",
        "【儿童类别】",
        "【县市区】",
        "【就学阶段】",
        "【知情同意日期】",
        "【同意人】",
    ):
        assert text in errors[4]
    assert "性别与身份证号码不一致" in errors[5]
