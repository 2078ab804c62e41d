"""Children's data lifecycle: files of grants closed longer than the retention are anonymised (figures kept), only
those, once; a guardian's request lets an officer of the child's region export, correct and delete one child's data,
and nobody else; everything is audited without identifying details."""

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, Region
from delivery.models import Beneficiary, Enrolment, ImportBatch, ImportKind, ServiceForm, ServiceLog
from delivery.services.retention import anonymise_children_past_retention, children_past_retention
from delivery.tasks import anonymise_children
from grants.models import Grant, GrantStatus
from tests.factories import OfficerFactory
from tests.factories.delivery import BeneficiaryFactory, EnrolmentFactory, ServiceLogFactory, id_number

pytestmark = pytest.mark.django_db

RETENTION = 365


def close(grant, *, days_ago: int, status=GrantStatus.COMPLETED):
    end = timezone.localdate() - datetime.timedelta(days=days_ago)
    Grant.objects.filter(pk=grant.pk).update(status=status, start_date=end - datetime.timedelta(days=300), end_date=end)
    grant.refresh_from_db()
    return grant


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.CHILD_DATA_RETENTION_DAYS = RETENTION


@pytest.fixture
def expired(grant):
    return close(grant, days_ago=RETENTION + 30)


def enrol(grant, child=None, **kwargs):
    enrolment = EnrolmentFactory(grant=grant, beneficiary=child or BeneficiaryFactory(), **kwargs)
    enrolment.consent_form.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    return enrolment


def test_only_children_of_grants_closed_past_retention_are_anonymised(
    expired, other_grant, org_admin, django_capture_on_commit_callbacks
):
    gone = enrol(expired, name="张小明")
    ServiceLogFactory(grant=expired, beneficiary=gone.beneficiary, notes="张小明情绪好转")
    group = ServiceLogFactory(grant=expired, form=ServiceForm.GROUP, head_count=1, group_name="成长小组", notes="全体")
    group.attendees.set([gone.beneficiary])
    # Still served by another, open grant: kept.
    both = enrol(expired, name="李小红")
    enrol(other_grant, child=both.beneficiary, name="李小红")
    # Closed, but not long enough ago.
    recent = enrol(close(other_grant.__class__.objects.get(pk=other_grant.pk), days_ago=10), name="赵小刚")
    scan_name = gone.consent_form.name
    storage = gone.consent_form.storage

    with django_capture_on_commit_callbacks(execute=True):
        counts = anonymise_children_past_retention()

    assert counts["children"] == 1 and counts["names"] == 1 and counts["consent_forms"] == 1
    assert counts["case_notes"] == 1 and counts["group_notes"] == 1
    child = Beneficiary.objects.get(pk=gone.beneficiary_id)
    assert child.anonymised_at and child.id_hash is None and child.id_masked == "" and child.township == ""
    assert child.birth_month is None and child.birth_year == 2014  # the year stays for counts by age
    assert list(child.categories.values_list("code", flat=True)) == ["left_behind"]
    gone.refresh_from_db()
    assert gone.name == "" and not gone.consent_form and not storage.exists(scan_name)
    assert ServiceLog.objects.filter(grant=expired).count() == 2  # the figures stay
    assert set(ServiceLog.objects.filter(grant=expired).values_list("notes", flat=True)) == {""}
    for kept in (both, recent):
        kept.refresh_from_db()
        assert kept.name and kept.beneficiary.anonymised_at is None and kept.beneficiary.id_hash


def test_the_task_is_idempotent_and_audited_with_counts_only(expired):
    enrol(expired, name="张小明")
    first = anonymise_children.delay().get()
    second = anonymise_children.delay().get()
    assert first["children"] == 1
    assert all(number == 0 for number in second.values())
    events = AuditEvent.objects.filter(action="beneficiary.anonymise_expired")
    assert events.count() == 1
    assert "张小明" not in json.dumps(events.get().details, ensure_ascii=False)


def test_expired_import_workbooks_are_deleted(expired, org_admin, django_capture_on_commit_callbacks):
    batch = ImportBatch(grant=expired, kind=ImportKind.CHILDREN, original_name="张小明等.xlsx", created_by=org_admin)
    batch.file.save("upload.xlsx", ContentFile(b"PK"), save=False)
    batch.file_sha256 = "0" * 64
    batch.save()
    stored = batch.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert anonymise_children_past_retention()["import_files"] == 1
    batch.refresh_from_db()
    assert batch.original_name == "" and not batch.file and not batch.file.storage.exists(stored)


def test_an_open_referral_keeps_the_child(expired, org_admin):
    from referrals.models import Referral
    from tests.factories.referrals import director, load_townships, report

    load_townships("420102")
    referral = report(director())
    child = enrol(expired).beneficiary
    Referral.objects.filter(pk=referral.pk).update(beneficiary=child)
    assert child not in children_past_retention()
    Referral.objects.filter(pk=referral.pk).update(status="closed")
    assert anonymise_children_past_retention()["referrals"] == 1
    referral.refresh_from_db()
    assert referral.child_name == "" and referral.id_hash == "" and referral.description == ""


def test_dry_run_prints_counts_and_changes_nothing(expired, capsys):
    enrolment = enrol(expired, name="张小明")
    call_command("anonymise_children", "--dry-run")
    output = capsys.readouterr().out
    assert "试运行" in output and "匿名化的儿童档案：1" in output and "删除的知情同意书扫描件：1" in output
    assert "张小明" not in output and enrolment.beneficiary.code not in output
    enrolment.refresh_from_db()
    assert enrolment.name == "张小明" and enrolment.beneficiary.anonymised_at is None
    call_command("anonymise_children")
    assert "匿名化的儿童档案：1" in capsys.readouterr().out


# --- a guardian's request ---


@pytest.fixture
def jiangan_officer(db):
    return OfficerFactory(username="officer_jiangan", region_code="420102")


def find(client, number):
    return client.post(reverse("delivery:guardian_find"), {"id_number": number})


def test_an_officer_finds_a_child_by_id_number_and_exports_only_that_child(client, grant, jiangan_officer):
    number = id_number(501)
    mine = enrol(grant, child=BeneficiaryFactory(number=number), name="张小明")
    ServiceLogFactory(grant=grant, beneficiary=mine.beneficiary, notes="个案：张小明")
    other = enrol(grant, name="李小红")
    ServiceLogFactory(grant=grant, beneficiary=other.beneficiary, notes="个案：李小红")
    group = ServiceLogFactory(grant=grant, form=ServiceForm.GROUP, head_count=2, group_name="小组", notes="李小红发言")
    group.attendees.set([mine.beneficiary, other.beneficiary])
    client.force_login(jiangan_officer)

    response = find(client, number)
    assert response.status_code == 302
    assert response.url == reverse("delivery:guardian_child", args=[mine.beneficiary_id])
    export = client.get(reverse("delivery:guardian_export", args=[mine.beneficiary_id]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/json")
    text = export.content.decode()
    data = json.loads(text)
    assert data["儿童档案"]["档案号"] == mine.beneficiary.code
    assert [e["姓名"] for e in data["服务关系"]] == ["张小明"]
    assert len(data["服务记录"]) == 2 and "个案：张小明" in text
    assert "李小红" not in text and other.beneficiary.code not in text
    assert number not in text  # only the masked form is held, so only it is exported
    events = AuditEvent.objects.filter(action__startswith="beneficiary.guardian_").order_by("pk")
    assert [e.action for e in events] == ["beneficiary.guardian_lookup", "beneficiary.guardian_export"]
    for event in events:
        assert "张小明" not in json.dumps(event.details, ensure_ascii=False) and number[6:14] not in event.target_repr


def test_another_regions_officer_cannot_find_export_correct_or_delete(client, grant, enshi_officer, org_admin):
    number = id_number(502)
    enrolment = enrol(grant, child=BeneficiaryFactory(number=number), name="张小明")
    pk = enrolment.beneficiary_id
    for user in (enshi_officer, org_admin):
        client.force_login(user)
        response = find(client, number)
        assert response.status_code in (400, 404)
        if response.status_code == 400:
            assert "没有找到该儿童的档案" in response.content.decode()
        assert client.get(reverse("delivery:guardian_export", args=[pk])).status_code == 404
        assert client.post(reverse("delivery:guardian_child", args=[pk]), {"township": "x"}).status_code == 404
        assert client.post(reverse("delivery:guardian_delete", args=[pk]), {"confirm": "yes"}).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.name == "张小明" and enrolment.beneficiary.anonymised_at is None
    assert not AuditEvent.objects.filter(action__startswith="beneficiary.guardian_").exists()


def test_the_officer_corrects_and_deletes_on_request(client, grant, jiangan_officer, org_admin):
    enrolment = enrol(grant, name="张小明")
    child = enrolment.beneficiary
    client.force_login(jiangan_officer)
    url = reverse("delivery:guardian_child", args=[child.pk])
    assert client.get(url).url == reverse("delivery:guardian_find")  # the lookup first (audited)
    assert client.post(reverse("delivery:guardian_find"), {"code": child.code}).url == url
    assert client.get(url).status_code == 200
    form = {
        "categories": list(child.categories.values_list("pk", flat=True)),
        "county": Region.objects.get(code="420102").pk,
        "township": "花桥街道",
        "guardian_type": "parents",
        "school_stage": "primary",
        f"name_{enrolment.pk}": "张晓明",
    }
    assert client.post(url, form).status_code == 302
    enrolment.refresh_from_db()
    child.refresh_from_db()
    assert enrolment.name == "张晓明" and child.township == "花桥街道" and child.guardian_type == "parents"
    correct = AuditEvent.objects.get(action="beneficiary.guardian_correct")
    assert correct.details["changed"] == ["guardian_type", "township", "name"]
    assert "张晓明" not in json.dumps(correct.details, ensure_ascii=False)

    assert client.post(reverse("delivery:guardian_delete", args=[child.pk]), {}).status_code == 302
    child.refresh_from_db()
    assert child.anonymised_at is None  # not confirmed
    assert client.post(reverse("delivery:guardian_delete", args=[child.pk]), {"confirm": "yes"}).status_code == 302
    child.refresh_from_db()
    enrolment.refresh_from_db()
    assert child.anonymised_at and child.id_hash is None and enrolment.name == "" and not enrolment.consent_form
    assert Enrolment.objects.filter(beneficiary=child).count() == 1  # the count stays
    deleted = AuditEvent.objects.get(action="beneficiary.guardian_delete")
    assert deleted.details["children"] == 1 and deleted.target_repr == str(child)
    # The serving organization still opens the (anonymous) file and its list.
    client.force_login(org_admin)
    page = client.get(reverse("delivery:child_file", args=[child.pk]))
    assert page.status_code == 200 and "已匿名化" in page.content.decode() and "张晓明" not in page.content.decode()
    assert "已匿名化" in client.get(reverse("delivery:child_list", args=[grant.pk])).content.decode()


def test_a_non_officer_does_not_see_the_request_page(client, org_admin):
    client.force_login(org_admin)
    assert client.get(reverse("delivery:guardian_find")).status_code == 404
