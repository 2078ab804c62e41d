"""Issue 8 audited as an outsider would attack it: clear ID numbers slipped into free text, absurd numbers, NUL bytes
in query strings, another organization's rows by URL and POST. Each test is the complaint of the user who found it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, ServiceType
from delivery.models import ImportKind, ImportStatus, OutcomeMeasurement, ServiceLog
from delivery.services import beneficiary_file_open, measurement_record, service_log_create
from programs.models import OutcomeIndicator
from tests.factories.delivery import BeneficiaryFactory, EnrolmentFactory, id_number

from .excel_helpers import LOG_HEADERS
from .test_excel_import import errors_of, run

ID = id_number(777)


@pytest.fixture
def counselling(grant):
    return ServiceType.objects.get(code="counselling")


@pytest.fixture
def enrolled(grant):
    return EnrolmentFactory(grant=grant, beneficiary=BeneficiaryFactory(number=id_number(778))).beneficiary


def _yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


# --- an ID number typed into free text is stored in clear -------------------------------------------------------


def test_an_officer_cannot_put_an_id_number_into_the_reason_kept_in_the_audit_log(client, wuhan_officer, enrolled):
    """Complaint: I wrote the ID number in the 查阅事由 to say whom I meant; it now sits in the audit log in clear."""
    client.force_login(wuhan_officer)
    url = reverse("delivery:child_file", args=[enrolled.pk])
    response = client.post(url, {"reason": f"核查身份证 {ID} 的个案服务"})
    assert response.status_code == 400
    assert "身份证号码" in response.content.decode()
    assert not AuditEvent.objects.filter(action="beneficiary.view").exists()
    with pytest.raises(ValidationError):
        beneficiary_file_open(beneficiary=enrolled, actor=wuhan_officer, reason=f"核查 {ID}")
    # A date or a phone-length number in a reason is still fine.
    assert client.post(url, {"reason": "核查 20250301 当天的个案服务"}).status_code == 200


@pytest.mark.parametrize("field", ["notes", "volunteer_name", "group_name", "township", "village"])
def test_a_log_typed_on_the_phone_refuses_an_id_number_as_the_excel_import_does(
    grant, org_admin, staff, counselling, enrolled, field
):
    """Complaint: The Excel import refuses an ID number in the notes, but the phone form stored it in clear."""
    values = {
        "grant": grant,
        "actor": org_admin,
        "date": _yesterday(),
        "service_type": counselling,
        "form": "group",
        "minutes": 60,
        "staff_member": None if field == "volunteer_name" else staff,
        "volunteer_name": "",
        "attendees": [enrolled],
        "head_count": 5,
        "group_name": "成长小组",
        field: f"见 {ID}",
    }
    with pytest.raises(ValidationError) as raised:
        service_log_create(**values)
    assert field in raised.value.message_dict
    assert not ServiceLog.objects.exists()


def test_a_phone_number_in_the_notes_is_still_accepted(grant, org_admin, staff, counselling, enrolled):
    log = service_log_create(
        grant=grant,
        actor=org_admin,
        date=_yesterday(),
        service_type=counselling,
        form="case",
        minutes=60,
        staff_member=staff,
        beneficiary=enrolled,
        notes="电话 13800000000 联系监护人",
    )
    assert "13800000000" in log.notes


# --- absurd numbers ----------------------------------------------------------------------------------------------


def test_an_absurd_head_count_on_the_form_is_a_message_not_a_server_error(
    member_client, grant, staff, counselling, enrolled
):
    """Complaint: I typed 1000000000000 into 参与人数 by mistake and got a server error page."""
    response = member_client.post(
        reverse("delivery:log_add", args=[grant.pk]),
        {
            "date": _yesterday().isoformat(),
            "service_type": counselling.pk,
            "form": "event",
            "minutes": 90,
            "staff_member": staff.pk,
            "attendees": [enrolled.pk],
            "head_count": "1000000000000",
        },
    )
    assert response.status_code == 400
    assert "参与人数" in response.content.decode()
    assert not ServiceLog.objects.exists()


def test_an_absurd_head_count_in_excel_is_named_in_the_error_workbook(grant, org_admin, staff, counselling, enrolled):
    """Complaint: One cell of 参与人数 held 1e15 (a pasted ID number) and the whole upload broke with a system error."""
    header = [*LOG_HEADERS, "参与儿童", "参与人数"]
    row = [_yesterday().isoformat(), "心理疏导", "社区活动", 60, "王社工", "", "", enrolled.code, 10**15]
    batch = run(grant, org_admin, [row], header=header)
    assert batch.status == ImportStatus.FAILED
    assert "参与人数" in errors_of(batch)[2]
    assert not ServiceLog.objects.exists()


@pytest.fixture
def satisfaction(grant):
    return OutcomeIndicator.objects.create(
        call=grant.call, name="家长满意度", kind="satisfaction", unit="%", measured_per="grant", target=Decimal(90)
    )


@pytest.mark.parametrize("value", [Decimal(250), Decimal(-5)])
def test_a_share_outside_0_to_100_percent_is_refused(grant, org_admin, satisfaction, value):
    """Complaint: A satisfaction of 250 % was accepted and the grant page shows it as met."""
    with pytest.raises(ValidationError) as raised:
        measurement_record(
            grant=grant,
            actor=org_admin,
            indicator=satisfaction,
            phase="single",
            value=value,
            measured_on=_yesterday(),
            method="survey",
        )
    assert "value" in raised.value.message_dict
    header = ["成效指标", "测量值", "测量日期"]
    batch = run(grant, org_admin, [["家长满意度", 250, _yesterday().isoformat()]], header=header,
                kind=ImportKind.MEASUREMENTS)  # fmt: skip
    assert batch.status == ImportStatus.FAILED
    assert "测量值" in errors_of(batch)[2]
    assert not OutcomeMeasurement.objects.exists()


# --- NUL bytes and other organizations --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["child_list", "log_list", "measurement_list", "grant_overview"])
def test_a_nul_byte_in_the_query_string_is_not_a_server_error(member_client, grant, name):
    response = member_client.get(reverse(f"delivery:{name}", args=[grant.pk]), {"page": "1\x00", "format": "\x00"})
    assert response.status_code in (200, 400)


def test_a_nul_byte_in_the_officers_reason_or_the_guardian_search_is_refused(client, wuhan_officer, enrolled):
    client.force_login(wuhan_officer)
    response = client.post(reverse("delivery:child_file", args=[enrolled.pk]), {"reason": "核查服务\x00"})
    assert response.status_code == 400
    response = client.post(reverse("delivery:guardian_find"), {"code": "C\x00"})
    assert response.status_code in (200, 400)
    assert not AuditEvent.objects.filter(action="beneficiary.view").exists()


def test_another_organization_cannot_start_or_read_this_grants_import(client, grant, org_admin, other_admin, staff):
    header = LOG_HEADERS
    batch = run(grant, org_admin, [[_yesterday().isoformat(), "心理疏导", "个案", 0, "王社工", "", "C0000001"]],
                header=header)  # fmt: skip
    client.force_login(other_admin)
    for name in ("import_start", "import_detail", "error_download"):
        url = reverse(f"delivery_imports:{name}", args=[grant.pk, batch.pk])
        assert client.post(url).status_code in (404, 405)
        assert client.get(url).status_code in (404, 405)


# --- formula-like text reaching a downloaded workbook -----------------------------------------------------------


def test_an_indicator_named_like_a_formula_is_text_in_the_template_and_still_imports(member_client, grant):
    """Complaint: The officer named an indicator =HYPERLINK(...); our template ran it as a formula when opened."""
    import io

    from openpyxl import load_workbook

    name = '=HYPERLINK("http://example.com","点击")'
    OutcomeIndicator.objects.create(call=grant.call, name=name, unit="分", measured_per="grant", target=Decimal(1))
    response = member_client.get(reverse("delivery_imports:template_download", args=[grant.pk, "measurements"]))
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert any(cell.value == name for cell in workbook["下拉选项"]["A"])
    # The example row, filled as the template offers it, imports the indicator by its exact name.
    sheet = workbook.worksheets[1]
    assert sheet["A2"].value == name
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = member_client.post(
        reverse("delivery_imports:import_list", args=[grant.pk]),
        {"kind": "measurements", "file": _named(buffer.getvalue())},
    )
    assert OutcomeMeasurement.objects.filter(indicator__name=name).count() == 1


def _named(data):
    from .excel_helpers import upload

    return upload(data, "测量.xlsx")


# --- an officer reading files through the guardian pages without a lookup -----------------------------------------


def test_an_officer_cannot_read_files_by_walking_the_guardian_urls(client, grant, wuhan_officer, org_admin):
    """Complaint: An officer read children's records and names at /delivery/guardian/1/, /2/, ... with no reason
    stated and no trace in the audit log; the ordinary file asks for a reason and is audited."""
    enrolment = EnrolmentFactory(grant=grant, name="王小童")
    child = enrolment.beneficiary
    client.force_login(wuhan_officer)
    for url in (
        reverse("delivery:guardian_child", args=[child.pk]),
        reverse("delivery:guardian_export", args=[child.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("delivery:guardian_find")
        assert "王小童" not in client.get(response.url).content.decode()
    response = client.post(reverse("delivery:guardian_delete", args=[child.pk]), {"confirm": "yes"})
    assert response.status_code == 302 and response.url == reverse("delivery:guardian_find")
    child.refresh_from_db()
    assert child.anonymised_at is None
    assert not AuditEvent.objects.filter(target_id=str(child.pk), action__startswith="beneficiary.").exists()
    # Through the lookup (a guardian's request: audited), the pages open.
    response = client.post(reverse("delivery:guardian_find"), {"code": child.code})
    assert response.status_code == 302
    assert "王小童" in client.get(response.url).content.decode()
    assert AuditEvent.objects.filter(action="beneficiary.guardian_lookup").count() == 1


# --- a NUL byte inside a workbook -----------------------------------------------------------------------------------


def _with_nul(data: bytes, marker: str) -> bytes:
    """The workbook with ``marker`` replaced by text holding an escaped NUL (_x0000_, which readers decode to \\x00),
    as some exporting tools write it."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/"):
                content = content.replace(marker.encode(), "记录_x0000_内容".encode())
            target.writestr(info, content)
    return out.getvalue()


@pytest.mark.parametrize("column", ["notes", "service_type"])
def test_a_nul_byte_in_a_cell_is_a_row_problem_not_a_system_error(grant, org_admin, staff, enrolled, column):
    """Complaint: A sheet exported by our case system carries invisible NUL characters; the import crashed."""
    from delivery.services.imports import import_batch_create, import_batch_run

    from .excel_helpers import upload, workbook_bytes

    header = [*LOG_HEADERS, "服务记录"]
    row = [_yesterday().isoformat(), "心理疏导", "个案", 60, "王社工", "", enrolled.code, "NOTESMARK"]
    if column == "service_type":
        row[1] = "NOTESMARK"
    data = _with_nul(workbook_bytes(header, [row]), "NOTESMARK")
    batch = import_batch_create(grant=grant, actor=org_admin, kind="service_logs", upload=upload(data))
    batch = import_batch_run(batch=batch)
    assert batch.status == ImportStatus.FAILED
    assert not ServiceLog.objects.exists()
    problem = errors_of(batch)[2]
    assert ("服务记录" if column == "notes" else "服务类型") in problem


def test_opening_a_childs_record_on_the_edit_page_is_audited_like_the_file(member_client, grant, org_admin):
    """Complaint: The edit page shows the child's name, birth, township and consent like the file does, yet only the
    file page leaves a trace in the audit log."""
    enrolment = EnrolmentFactory(grant=grant, name="赵小童")
    response = member_client.get(reverse("delivery:child_edit", args=[enrolment.pk]))
    assert response.status_code == 200 and "赵小童" in response.content.decode()
    event = AuditEvent.objects.get(action="beneficiary.view")
    assert event.actor == org_admin and event.target_id == str(enrolment.beneficiary_id)
    assert "赵小童" not in str(event.details) and "赵小童" not in event.target_repr
