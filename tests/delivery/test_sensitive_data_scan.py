"""Children's names and ID numbers never reach logs, audit details, notifications or e-mails: typical flows (a child
added through the form, a children import, a referral reported and accepted) run with every logger at DEBUG, then
everything they wrote is scanned. The log masking (core.logfilters) is checked on its own too, and the scan is shown
to catch a leak."""

import io
import json
import logging

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.logfilters import SensitiveExceptionReporterFilter, mask_sensitive
from core.models import AuditEvent, ChildCategory, Notification, Region
from delivery.excel.templates import build_template
from delivery.models import Beneficiary, ImportBatch, ImportStatus
from tests.factories.delivery import id_number
from tests.factories.referrals import director, load_townships, report

from .excel_helpers import upload

pytestmark = pytest.mark.django_db

FORM_NAME, FORM_NUMBER = "欧阳小雨", id_number(311)
IMPORT_NAME, IMPORT_NUMBER = "司马小云", id_number(312)
REFERRAL_NAME, REFERRAL_NUMBER = "诸葛小风", id_number(313)
PHONE = "13912345678"


def leaks(text: str) -> list[str]:
    secrets = [FORM_NAME, IMPORT_NAME, REFERRAL_NAME, PHONE]
    secrets += [number[6:17] for number in (FORM_NUMBER, IMPORT_NUMBER, REFERRAL_NUMBER)]
    return [secret for secret in secrets if secret in text]


def written_text(caplog) -> str:
    parts = [caplog.text]
    parts += [json.dumps(e.details, ensure_ascii=False) + e.target_repr for e in AuditEvent.objects.all()]
    parts += [f"{n.subject} {n.body} {n.url}" for n in Notification.objects.all()]
    parts += [f"{m.subject} {m.body}" for m in mail.outbox]
    return "\n".join(parts)


def run_flows(client, grant, org_admin):
    client.force_login(org_admin)
    response = client.post(
        reverse("delivery:child_add", args=[grant.pk]),
        {
            "id_number": FORM_NUMBER,
            "name": FORM_NAME,
            "categories": [ChildCategory.objects.get(code="left_behind").pk],
            "county": Region.objects.get(code="420102").pk,
            "township": "大智街道",
            "guardian_type": "grandparents",
            "school_stage": "primary",
            "consent_date": timezone.localdate().isoformat(),
            "consent_by": "grandparent",
        },
    )
    assert response.status_code == 302

    workbook = load_workbook(io.BytesIO(build_template(grant, "children")))
    sheet = workbook["服务对象"]
    day = timezone.localdate().isoformat()
    values = [
        IMPORT_NAME,
        IMPORT_NUMBER,
        None,
        None,
        None,
        "农村留守儿童",
        "江岸区",
        None,
        "祖父母",
        "小学",
        day,
        "祖父母",
    ]
    for index, value in enumerate(values, start=1):
        sheet.cell(row=2, column=index).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.post(
        reverse("delivery_imports:import_list", args=[grant.pk]),
        {"kind": "children", "file": upload(buffer.getvalue(), f"{IMPORT_NAME}等名单.xlsx")},
    )
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.SUCCEEDED, batch.message

    load_townships("420102")
    reporter = director()
    referral = report(reporter, child_name=REFERRAL_NAME, id_number=REFERRAL_NUMBER)
    assert referral.pk and Beneficiary.objects.count() == 2


def test_typical_flows_leave_no_name_or_id_number_in_logs_audit_or_notifications(client, grant, org_admin, caplog):
    caplog.set_level(logging.DEBUG)
    run_flows(client, grant, org_admin)
    assert AuditEvent.objects.exists()
    assert leaks(written_text(caplog)) == []


def test_the_scan_catches_a_leak(client, grant, org_admin, caplog):
    caplog.set_level(logging.DEBUG)
    run_flows(client, grant, org_admin)
    Notification.objects.create(recipient=org_admin, subject=f"新转介：{REFERRAL_NAME}")
    assert leaks(written_text(caplog)) == [REFERRAL_NAME]


def test_every_log_record_has_id_and_phone_numbers_masked(caplog):
    caplog.set_level(logging.INFO)
    logger = logging.getLogger("guanai.anything")
    logger.info("child %s, guardian phone %s, office 027-85001234", FORM_NUMBER, PHONE)
    try:
        raise ValueError(f"bad number {FORM_NUMBER.lower()}")
    except ValueError:
        logger.exception("failed for +86 %s", PHONE)
    assert leaks(caplog.text) == [] and "027-85001234" not in caplog.text
    assert "[身份证号]" in caplog.text and "[电话]" in caplog.text
    # Dates, amounts and record numbers stay readable.
    assert mask_sensitive("2026-12-01 合同 HBMZ-420100-2026-0001 金额 1200000.00") == (
        "2026-12-01 合同 HBMZ-420100-2026-0001 金额 1200000.00"
    )


def test_records_are_masked_when_made_whatever_handler_gets_them():
    """The record factory masks at creation (Celery may replace the configured handlers and their filters)."""
    record = logging.getLogger("celery.worker").makeRecord(
        "celery.worker", logging.ERROR, __file__, 1, "child %s phone %s", (FORM_NUMBER, PHONE), None
    )
    assert leaks(record.getMessage()) == []


def test_error_reports_hide_posted_names_and_numbers():
    request = RequestFactory().post("/x/", {"id_number": FORM_NUMBER, "name": FORM_NAME, "amount": "100"})
    parameters = SensitiveExceptionReporterFilter().get_post_parameters(request)
    assert parameters["amount"] == "100"
    assert FORM_NUMBER not in str(dict(parameters)) and FORM_NAME not in str(dict(parameters))
