"""The pages as users see them: the whole contract-to-evaluation flow, bad input, scope, lists and the export."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from grants.dates import latest_end_date
from grants.models import Evaluation, Grant, MilestoneStatus, Payment
from grants.services import evaluation_assign, milestone_approve, milestone_submit
from tests.factories import UserFactory, approved_application, make_grant, mark_milestones_approved, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluator(db):
    return UserFactory(username="evaluator_li", is_evaluator=True)


def _login(client, user):
    client.force_login(user)
    return client


def test_officer_to_evaluator_flow_in_the_browser(
    client, wuhan_officer, wuhan_officer2, org_admin, organization, evaluator
):
    application = approved_application(organization=organization, approved_amount=Decimal("100000.01"))
    today = timezone.localdate()

    # The officer sees the application waiting for a contract and signs it.
    _login(client, wuhan_officer)
    response = client.get(reverse("grants:ready_list"))
    assert application.title in response.content.decode()
    url = reverse("grants:grant_create", args=[application.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "amount": "100000.01",
            "start_date": today.isoformat(),
            "end_date": latest_end_date(today, 12).isoformat(),
            "service_regions": [r.pk for r in application.service_regions.all()],
            "signed_contract": pdf_upload("contract.pdf"),
            "contact_name": "李社工",
            "contact_phone": "13800000000",
            "bureau_contact_name": "陈静",
            "bureau_contact_phone": "027-85000000",
        },
    )
    grant = Grant.objects.get()
    assert response.status_code == 302 and response.url == reverse("grants:grant_detail", args=[grant.pk])
    milestone = grant.milestones.get(order=1)

    # The organization submits milestone 1.
    _login(client, org_admin)
    page = client.get(reverse("grants:milestone_detail", args=[milestone.pk])).content.decode()
    assert "截至本节点的服务数据：计划与完成" in page
    submit_url = reverse("grants:milestone_submit", args=[milestone.pk])
    response = client.post(submit_url, {"narrative": "完成需求评估。", "evidence": [pdf_upload("需求评估.pdf")]})
    assert response.status_code == 302

    # The officer returns it with a comment.
    _login(client, wuhan_officer)
    review_url = reverse("grants:milestone_review", args=[milestone.pk])
    assert client.post(review_url, {"decision": "return", "comment": "请补充签到表"}).status_code == 302

    # The organization resubmits.
    _login(client, org_admin)
    assert "请补充签到表" in client.get(reverse("grants:milestone_detail", args=[milestone.pk])).content.decode()
    response = client.post(submit_url, {"narrative": "已补充签到表。", "evidence": [pdf_upload("签到表.pdf")]})
    assert response.status_code == 302

    # The officer approves; then cannot release it (403 with the reason).
    _login(client, wuhan_officer)
    assert client.post(review_url, {"decision": "approve", "comment": ""}).status_code == 302
    release_url = reverse("grants:milestone_release", args=[milestone.pk])
    page = client.get(reverse("grants:milestone_detail", args=[milestone.pk])).content.decode()
    assert "双人复核" in page
    response = client.post(release_url, {"paid_on": today.isoformat(), "voucher_number": "PZ-001"})
    assert response.status_code == 403
    assert "另一位项目官员" in response.content.decode()

    # A second officer releases the tranche.
    _login(client, wuhan_officer2)
    response = client.post(release_url, {"paid_on": today.isoformat(), "voucher_number": "PZ-001"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PAID
    # Clicking again changes nothing.
    response = client.post(release_url, {"paid_on": today.isoformat(), "voucher_number": "PZ-002"})
    assert response.status_code == 400
    assert Payment.objects.count() == 1

    # The payment shows on the grant and in the export.
    page = client.get(reverse("grants:grant_detail", args=[grant.pk])).content.decode()
    assert "PZ-001" in page and "40,000.00" in page and "60,000.01" in page
    assert "拨付资金" in page  # the timeline
    response = client.get(reverse("grants:grant_export"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert row["合同编号"] == grant.contract_number
    assert Decimal(str(row["已拨付（元）"])) == Decimal("40000.00")
    assert Decimal(str(row["未拨付（元）"])) == Decimal("60000.01")
    assert row["服务区域"] == "、".join(r.name for r in grant.service_regions.order_by("code"))
    grant.refresh_from_db()
    assert row["状态"] == grant.get_status_display() == "执行中"

    # The first milestone approved, the officer assigns the mid-term evaluation; the evaluator submits; the officer
    # publishes.
    response = client.post(
        reverse("grants:evaluation_assign", args=[grant.pk]), {"kind": "midterm", "evaluator": evaluator.pk}
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    _login(client, evaluator)
    assert grant.title in client.get(reverse("grants:evaluation_list")).content.decode()
    response = client.post(
        reverse("grants:evaluation_detail", args=[evaluation.pk]),
        {"score": "91.5", "summary": "服务覆盖 120 名儿童，满意度高。", "report": pdf_upload("评估报告.pdf")},
    )
    assert response.status_code == 302
    _login(client, wuhan_officer)
    assert client.post(reverse("grants:evaluation_publish", args=[evaluation.pk])).status_code == 302

    # The public sees the grade and summary, without contact persons.
    client.logout()
    page = client.get(reverse("grants:public_project_detail", args=[grant.pk])).content.decode()
    assert "优秀" in page and "满意度高" in page
    assert "李社工" not in page and "13800000000" not in page and "027-85000000" not in page
    assert grant.title in client.get(reverse("grants:public_evaluation_list")).content.decode()


def test_grant_form_redisplays_input_with_400_for_bad_dates(client, wuhan_officer):
    application = approved_application()
    _login(client, wuhan_officer)
    response = client.post(
        reverse("grants:grant_create", args=[application.pk]),
        {
            "amount": "100000.01",
            "start_date": "2026-03-01",
            "end_date": "2027-06-30",
            "service_regions": [r.pk for r in application.service_regions.all()],
            "signed_contract": pdf_upload("contract.pdf"),
            "contact_name": "李社工",
            "contact_phone": "13800000000",
            "bureau_contact_name": "陈静",
            "bureau_contact_phone": "027",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "12 个月" in page and "李社工" in page
    assert not Grant.objects.exists()


def test_grant_before_notice_ends_shows_the_reason(client, wuhan_officer):
    application = approved_application(notice_ended=False)
    _login(client, wuhan_officer)
    today = timezone.localdate()
    response = client.post(
        reverse("grants:grant_create", args=[application.pk]),
        {
            "amount": "100000.01",
            "start_date": today.isoformat(),
            "end_date": latest_end_date(today, 12).isoformat(),
            "service_regions": [r.pk for r in application.service_regions.all()],
            "signed_contract": pdf_upload("contract.pdf"),
            "contact_name": "a",
            "contact_phone": "1",
            "bureau_contact_name": "b",
            "bureau_contact_phone": "2",
        },
    )
    assert response.status_code == 400
    assert "公示期结束后才能签订合同" in response.content.decode()


def test_submit_without_evidence_is_400_and_keeps_the_narrative(client, milestone, org_admin):
    _login(client, org_admin)
    response = client.post(reverse("grants:milestone_submit", args=[milestone.pk]), {"narrative": "我写的进展说明"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "至少一份佐证材料" in page and "我写的进展说明" in page
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING


def test_fake_evidence_is_400(client, milestone, org_admin):
    _login(client, org_admin)
    response = client.post(
        reverse("grants:milestone_submit", args=[milestone.pk]),
        {"narrative": "说明", "evidence": [pdf_upload("照片.png", content=b"not a png at all" * 10)]},
    )
    assert response.status_code == 400
    assert "内容与其扩展名不符" in response.content.decode()


def test_score_outside_range_is_400(client, grant, wuhan_officer, evaluator):
    mark_milestones_approved(grant)
    evaluation = evaluation_assign(grant=grant, kind="final", evaluator=evaluator, actor=wuhan_officer)
    _login(client, evaluator)
    response = client.post(
        reverse("grants:evaluation_detail", args=[evaluation.pk]),
        {"score": "101", "summary": "摘要", "report": pdf_upload("r.pdf")},
    )
    assert response.status_code == 400
    assert "0 到 100" in response.content.decode()


def test_evaluator_sees_only_assigned_grants(client, grant, wuhan_officer, evaluator):
    other = make_grant(officer=wuhan_officer)
    mark_milestones_approved(grant)
    mark_milestones_approved(other)
    evaluation = evaluation_assign(grant=grant, kind="final", evaluator=evaluator, actor=wuhan_officer)
    _login(client, evaluator)
    assert client.get(reverse("grants:grant_detail", args=[grant.pk])).status_code == 200
    assert client.get(reverse("grants:grant_detail", args=[other.pk])).status_code == 404
    other_evaluation = evaluation_assign(
        grant=other, kind="final", evaluator=UserFactory(is_evaluator=True), actor=wuhan_officer
    )
    assert client.get(reverse("grants:evaluation_detail", args=[other_evaluation.pk])).status_code == 404
    assert client.get(reverse("grants:evaluation_detail", args=[evaluation.pk])).status_code == 200
    listing = client.get(reverse("grants:grant_list")).content.decode()
    assert grant.contract_number in listing and other.contract_number not in listing


def test_officer_outside_the_region_gets_404(client, grant, enshi_officer, milestone):
    _login(client, enshi_officer)
    assert client.get(reverse("grants:grant_detail", args=[grant.pk])).status_code == 404
    assert client.get(reverse("grants:milestone_detail", args=[milestone.pk])).status_code == 404
    assert client.get(reverse("grants:grant_contract", args=[grant.pk])).status_code == 404
    assert grant.contract_number not in client.get(reverse("grants:grant_list")).content.decode()


def test_organization_downloads_its_evidence_but_others_cannot(client, milestone, org_admin, enshi_officer):
    milestone_submit(milestone=milestone, actor=org_admin, narrative="x", evidence_files=[pdf_upload("e.pdf")])
    evidence = milestone.evidence.get()
    _login(client, org_admin)
    response = client.get(reverse("grants:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    _login(client, enshi_officer)
    assert client.get(reverse("grants:evidence_download", args=[evidence.pk])).status_code == 404


def test_terminated_grant_shows_reason_publicly_and_refuses_actions(client, grant, milestone, wuhan_officer, org_admin):
    _login(client, wuhan_officer)
    response = client.post(reverse("grants:grant_status", args=[grant.pk, "terminate"]), {"reason": ""})
    assert response.status_code == 400
    response = client.post(
        reverse("grants:grant_status", args=[grant.pk, "terminate"]), {"reason": "机构擅自变更服务内容"}
    )
    assert response.status_code == 302
    client.logout()
    assert (
        "机构擅自变更服务内容" in client.get(reverse("grants:public_project_detail", args=[grant.pk])).content.decode()
    )
    _login(client, org_admin)
    response = client.post(
        reverse("grants:milestone_submit", args=[milestone.pk]), {"narrative": "x", "evidence": [pdf_upload()]}
    )
    assert response.status_code == 403
    assert "已终止" in response.content.decode()


def test_status_change_needs_post(client, grant, wuhan_officer):
    _login(client, wuhan_officer)
    client.get(reverse("grants:grant_status", args=[grant.pk, "terminate"]))
    grant.refresh_from_db()
    assert grant.status == "signed"


def _grants(officer, count):
    for _ in range(count):
        grant = make_grant(officer=officer)
        milestone = grant.milestones.get(order=1)
        member = UserFactory()
        from organizations.models import Membership

        Membership.objects.create(user=member, organization=grant.organization, role="admin")
        milestone_submit(milestone=milestone, actor=member, narrative="x", evidence_files=[pdf_upload()])
        milestone_approve(milestone=milestone, actor=officer)


@pytest.mark.parametrize("count", [3, 30])
def test_grant_list_query_count_is_bounded(client, wuhan_officer, count, django_assert_max_num_queries):
    _grants(wuhan_officer, count)
    _login(client, wuhan_officer)
    with django_assert_max_num_queries(17):  # +1: the referrals role lookup
        response = client.get(reverse("grants:grant_list"), {"overdue": "false", "status": "in_progress"})
    assert response.status_code == 200
    assert response.content.decode().count("HBMZ-420100") >= min(count, 25)


@pytest.mark.parametrize("count", [3, 30])
def test_public_and_overdue_lists_query_count_is_bounded(client, wuhan_officer, count, django_assert_max_num_queries):
    _grants(wuhan_officer, count)
    with django_assert_max_num_queries(12):  # + the per-project outputs, outcomes and satisfaction (fixed aggregates)
        assert client.get(reverse("grants:public_project_list")).status_code == 200
    _login(client, wuhan_officer)
    with django_assert_max_num_queries(13):  # +1: the referrals role lookup
        assert client.get(reverse("grants:overdue_list")).status_code == 200
    with django_assert_max_num_queries(13):  # +1: the referrals role lookup
        assert client.get(reverse("grants:grant_export")).status_code == 200


def test_filters_narrow_the_list(client, wuhan_officer):
    first = make_grant(officer=wuhan_officer, application_kwargs={"funding_source": "charity"})
    second = make_grant(officer=wuhan_officer)
    _login(client, wuhan_officer)
    page = client.get(reverse("grants:grant_list"), {"funding_source": "charity"}).content.decode()
    assert first.contract_number in page and second.contract_number not in page
    page = client.get(reverse("grants:grant_list"), {"overdue": "true"}).content.decode()
    assert first.contract_number not in page


def test_export_is_for_officers_only(client, org_admin):
    _login(client, org_admin)
    assert client.get(reverse("grants:grant_export")).status_code == 403


def test_portal_cards_link_to_grant_pages(client, wuhan_officer, org_admin, evaluator):
    for user, link in (
        (wuhan_officer, reverse("grants:overdue_list")),
        (org_admin, reverse("grants:grant_list")),
        (evaluator, reverse("grants:evaluation_list")),
    ):
        _login(client, user)
        assert link in client.get(reverse("portal")).content.decode()


def test_organization_public_directory_lists_the_grants_it_delivers(client, grant, organization):
    page = client.get(reverse("organizations:public_detail", args=[organization.pk])).content.decode()
    assert "承接的项目" in page
    assert reverse("grants:public_project_detail", args=[grant.pk]) in page
    assert grant.contact_phone not in page


def test_schedule_edit_page_saves_and_refuses_bad_dates(client, grant, milestone, wuhan_officer):
    _login(client, wuhan_officer)
    url = reverse("grants:milestone_schedule", args=[milestone.pk])
    assert client.get(url).status_code == 200
    before_start = (grant.start_date - datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"due_date": before_start, "deliverables": "新要求"})
    assert response.status_code == 400
    assert "合同期内" in response.content.decode() and "新要求" in response.content.decode()
    response = client.post(url, {"due_date": "0001-01-01", "deliverables": "新要求"})
    assert response.status_code == 400
    assert "超出合理范围" in response.content.decode()
    response = client.post(url, {"due_date": grant.end_date.isoformat(), "deliverables": "新要求"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.due_date == grant.end_date and milestone.deliverables == "新要求"
    page = client.get(reverse("grants:grant_detail", args=[grant.pk])).content.decode()
    assert "调整节点计划" in page


def test_region_and_year_filters(client, wuhan_officer, province_officer):
    from tests.factories import region

    jiangan = make_grant(officer=wuhan_officer)
    enshi = make_grant(officer=province_officer, application_kwargs={"region_code": "420000"})
    enshi.service_regions.set([region("422801")])
    _login(client, province_officer)
    page = client.get(reverse("grants:grant_list"), {"region": region("422800").pk}).content.decode()
    assert enshi.contract_number in page and jiangan.contract_number not in page
    page = client.get(reverse("grants:grant_list"), {"year": jiangan.start_date.year}).content.decode()
    assert jiangan.contract_number in page
    page = client.get(reverse("grants:grant_list"), {"year": jiangan.start_date.year - 5}).content.decode()
    assert jiangan.contract_number not in page


def test_reminder_task_is_on_the_beat_schedule():
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()  # what a worker does at start: autodiscover every app's tasks.py
    entry = settings.CELERY_BEAT_SCHEDULE["grants-milestone-reminders"]
    assert entry["task"] in app.tasks


def test_public_project_list_filters_by_prefecture(client, wuhan_officer, enshi_officer):
    from tests.factories import region

    wuhan = make_grant(officer=wuhan_officer)
    enshi = make_grant(officer=enshi_officer, application_kwargs={"region_code": "422800"})
    page = client.get(reverse("grants:public_project_list"), {"prefecture": region("422800").pk}).content.decode()
    assert enshi.title in page and wuhan.title not in page
    page = client.get(reverse("grants:public_project_list"), {"prefecture": region("420100").pk}).content.decode()
    assert wuhan.title in page and enshi.title not in page
