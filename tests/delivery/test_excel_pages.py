"""The import pages: who may open them, the upload in the request and through the Celery task, progress, the error
workbook download, the templates."""

import io
import itertools

import pytest
from celery.exceptions import Retry
from django.db import OperationalError, connection
from django.urls import reverse
from openpyxl import load_workbook

from delivery.models import ImportBatch, ImportStatus, ServiceLog
from delivery.services import imports
from tests.factories.delivery import BeneficiaryFactory, EnrolmentFactory, id_number

from .excel_helpers import LOG_HEADERS, upload, workbook_bytes
from .test_excel_import import call_types, day, log_row  # noqa: F401  (fixtures)


@pytest.fixture
def numbers(grant):
    result = [id_number(300 + i) for i in range(5)]
    for number in result:
        EnrolmentFactory(grant=grant, beneficiary=BeneficiaryFactory(number=number))
    return result


@pytest.fixture
def failed_batch(grant, org_admin, staff, call_types, numbers):  # noqa: F811
    batch = imports.import_batch_create(
        grant=grant,
        actor=org_admin,
        kind="service_logs",
        upload=upload(workbook_bytes(LOG_HEADERS, [log_row(numbers[0], minutes=0)])),
    )
    return imports.import_batch_run(batch=batch)


def _urls(grant, batch):
    return {
        "list": reverse("delivery_imports:import_list", args=[grant.pk]),
        "detail": reverse("delivery_imports:import_detail", args=[grant.pk, batch.pk]),
        "progress": reverse("delivery_imports:import_progress", args=[grant.pk, batch.pk]),
        "errors": reverse("delivery_imports:error_download", args=[grant.pk, batch.pk]),
        "template": reverse("delivery_imports:template_download", args=[grant.pk, "service_logs"]),
    }


@pytest.mark.parametrize("name", ["list", "detail", "progress", "errors", "template"])
@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("other_admin", 404), ("wuhan_officer", 403), ("enshi_officer", 404), ("org_admin", 200)],
)
def test_permission_matrix(client, request, grant, failed_batch, name, who, expected):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(_urls(grant, failed_batch)[name])
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("who", "expected"), [("other_admin", 404), ("wuhan_officer", 403), ("org_admin", 400)])
def test_only_the_organization_uploads(client, request, grant, who, expected):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("delivery_imports:import_list", args=[grant.pk]), {"kind": "service_logs"})
    assert response.status_code == expected


def test_a_batch_of_another_grant_is_not_found_through_this_grant(client, other_admin, other_grant, failed_batch):
    client.force_login(other_admin)
    url = reverse("delivery_imports:import_detail", args=[other_grant.pk, failed_batch.pk])
    assert client.get(url).status_code == 404


def test_small_upload_runs_in_the_request(member_client, grant, staff, call_types, numbers):  # noqa: F811
    data = workbook_bytes(LOG_HEADERS, [log_row(n) for n in numbers])
    response = member_client.post(
        reverse("delivery_imports:import_list", args=[grant.pk]),
        {"kind": "service_logs", "file": upload(data)},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == ImportStatus.SUCCEEDED
    page = member_client.get(response["Location"]).content.decode()
    assert "导入 5 行" in page and "hx-trigger" not in page


def test_a_refused_file_is_shown_on_the_form(member_client, grant):
    response = member_client.post(
        reverse("delivery_imports:import_list", args=[grant.pk]),
        {"kind": "service_logs", "file": upload(b"a,b\n1,2\n", "data.xlsx")},
    )
    assert response.status_code == 400
    assert "不是 Excel 工作簿" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_large_upload_goes_through_the_task(
    member_client,
    grant,
    staff,
    call_types,  # noqa: F811
    numbers,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.DELIVERY_SYNC_IMPORT_MAX_ROWS = 2
    calls = []
    original = imports.import_batch_run

    def spy(**kwargs):
        calls.append(kwargs["batch"].pk)
        return original(**kwargs)

    from delivery import tasks

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(imports, "import_batch_run", spy)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = member_client.post(
                reverse("delivery_imports:import_list", args=[grant.pk]),
                {"kind": "service_logs", "file": upload(workbook_bytes(LOG_HEADERS, [log_row(n) for n in numbers]))},
            )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and len(callbacks) == 1
    assert calls == [batch.pk]  # run once, by the (eager) task
    assert batch.status == ImportStatus.SUCCEEDED and batch.rows_imported == 5 and batch.task_id
    # The task is idempotent: running it again for a finished batch does nothing.
    assert tasks.import_batch_task.delay(batch.pk).get() == ImportStatus.SUCCEEDED
    assert ServiceLog.objects.count() == 5


def test_progress_partial_polls_until_finished(member_client, grant, org_admin, staff, call_types, numbers):  # noqa: F811
    batch = imports.import_batch_create(
        grant=grant,
        actor=org_admin,
        kind="service_logs",
        upload=upload(workbook_bytes(LOG_HEADERS, [log_row(numbers[0])])),
    )
    url = reverse("delivery_imports:import_progress", args=[grant.pk, batch.pk])
    page = member_client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and f'hx-get="{url}"' in page and "<progress" in page
    imports.import_batch_run(batch=batch)
    page = member_client.get(url).content.decode()
    assert "hx-trigger" not in page and "导入 1 行" in page


def test_broker_down_leaves_the_batch_queued_and_says_so(
    member_client,
    grant,
    staff,
    call_types,  # noqa: F811
    numbers,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.DELIVERY_SYNC_IMPORT_MAX_ROWS = 2
    from delivery import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("redis is down")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks.import_batch_task, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            response = member_client.post(
                reverse("delivery_imports:import_list", args=[grant.pk]),
                {"kind": "service_logs", "file": upload(workbook_bytes(LOG_HEADERS, [log_row(n) for n in numbers]))},
            )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.QUEUED
    page = member_client.get(response["Location"]).content.decode()
    assert "后台处理服务暂时不可用" in page and "开始导入" in page
    # Later, the broker is back: the user starts it again.
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("delivery_imports:import_start", args=[grant.pk, batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.SUCCEEDED and ServiceLog.objects.count() == 5


def test_a_worker_dying_mid_write_leaves_no_rows_and_the_retry_completes(
    grant,
    org_admin,
    staff,
    call_types,  # noqa: F811
    numbers,
    monkeypatch,
):
    from delivery import tasks

    batch = imports.import_batch_create(
        grant=grant,
        actor=org_admin,
        kind="service_logs",
        upload=upload(workbook_bytes(LOG_HEADERS, [log_row(n) for n in numbers])),
    )
    attempts = []
    counts_seen = []
    if connection.vendor == "postgresql":  # the rows are written with COPY
        original_copy = imports.copy_rows

        def dies_once_copying(model, fields, rows):
            if model is not ServiceLog:
                return original_copy(model, fields, rows)
            attempts.append(1)
            if len(attempts) == 1:
                original_copy(model, fields, itertools.islice(rows, 3))
                raise OperationalError("server closed the connection unexpectedly")
            counts_seen.append(ServiceLog.objects.count())  # what the retry found: nothing from the first attempt
            return original_copy(model, fields, rows)

        monkeypatch.setattr(imports, "copy_rows", dies_once_copying)
    else:
        original = ServiceLog.objects.bulk_create

        def dies_once(objs, **kwargs):
            attempts.append(1)
            if len(attempts) == 1:
                original(objs[:3], **kwargs)
                raise OperationalError("server closed the connection unexpectedly")
            counts_seen.append(ServiceLog.objects.count())  # what the retry found: nothing from the first attempt
            return original(objs, **kwargs)

        monkeypatch.setattr(ServiceLog.objects, "bulk_create", dies_once)
    # First delivery: the write dies; the task asks to be retried (eagerly, Celery raises its Retry here).
    with pytest.raises(Retry):
        tasks.import_batch_task.delay(batch.pk)
    assert ServiceLog.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportStatus.RUNNING
    # The retry (or the redelivered message after a worker died) runs the same task again.
    assert tasks.import_batch_task.delay(batch.pk).get() == ImportStatus.SUCCEEDED
    assert len(attempts) == 2 and counts_seen == [0]
    assert ServiceLog.objects.count() == 5


def test_error_workbook_download_and_content(member_client, grant, failed_batch):
    response = member_client.get(reverse("delivery_imports:error_download", args=[grant.pk, failed_batch.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("错误说明", "原行号", "服务日期")
    assert "【服务时长（分钟）】服务时长应至少为 1 分钟" in rows[1][0]


def test_template_download_is_a_workbook_with_the_calls_service_types(member_client, grant, call_types):  # noqa: F811
    response = member_client.get(reverse("delivery_imports:template_download", args=[grant.pk, "service_logs"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "填写说明"
    assert workbook["下拉选项"].sheet_state == "hidden"
    options = [cell.value for cell in workbook["下拉选项"]["A"]][1:]
    options = [value for value in options if value]
    assert sorted(options) == sorted(t.name for t in call_types)


@pytest.mark.parametrize("kind", ["children", "service_logs", "measurements"])
def test_no_text_an_organization_or_officer_typed_becomes_a_formula_in_a_template(
    member_client, grant, organization, kind
):
    """The templates hold names typed on the platform (a staff member in the example row, the grant's title, an
    indicator): text starting with = + - @ is written as text, like every export (issue 9, item 10)."""
    from tests.export_checks import FORMULA
    from tests.factories.delivery import OutcomeIndicatorFactory
    from tests.factories.organizations import StaffMemberFactory

    StaffMemberFactory(organization=organization, name=FORMULA)
    OutcomeIndicatorFactory(call=grant.call, name="=1+1")
    grant.title = "@SUM(1,1)"
    grant.save(update_fields=["title"])
    response = member_client.get(reverse("delivery_imports:template_download", args=[grant.pk, kind]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
