"""Pages: scope (404/403), bad input (400 with typed input kept), filters, bounded queries, Excel export."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import ChildCategory
from programs.models import ApplicationStatus, CallStatus
from programs.services.applications import application_submit
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, region
from tests.factories.programs import ApplicationFactory, BrandProgramFactory, CallFactory
from tests.programs.helpers import reviewed
from tests.programs.test_browser_path import application_post_data


def test_officer_outside_region_gets_404(client, draft, applicant, enshi_officer):
    application_submit(application=draft, actor=applicant)
    client.force_login(enshi_officer)
    assert client.get(reverse("programs:officer_application_detail", args=[draft.pk])).status_code == 404
    assert client.post(reverse("programs:officer_application_pass", args=[draft.pk])).status_code == 404
    assert client.get(reverse("programs:officer_call_detail", args=[draft.call.pk])).status_code == 404
    assert client.get(reverse("programs:application_detail", args=[draft.pk])).status_code == 404


def test_applicant_on_officer_pages_gets_403_and_stranger_404(client, draft, applicant):
    client.force_login(applicant)
    response = client.post(reverse("programs:officer_application_pass", args=[draft.pk]))
    assert response.status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("programs:application_edit", args=[draft.pk])).status_code == 404
    assert client.get(reverse("programs:officer_application_detail", args=[draft.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, draft):
    response = client.get(reverse("programs:application_edit", args=[draft.pk]))
    assert response.status_code == 302 and reverse("login") in response.url


def test_officer_cannot_see_drafts(client, draft, wuhan_officer):
    client.force_login(wuhan_officer)
    assert client.get(reverse("programs:officer_application_detail", args=[draft.pk])).status_code == 404
    assert draft.title not in client.get(reverse("programs:officer_applications")).content.decode()


def test_budget_over_cap_is_400_and_keeps_everything_typed(client, draft, applicant):
    client.force_login(applicant)
    data = application_post_data(region("420102").pk, summary="我认真写的概述")
    data["budget-0-quantity"] = "1000"  # 4000.50 × 1000 > 200000
    response = client.post(reverse("programs:application_edit", args=[draft.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "超过本指南单个项目上限 200,000.00 元" in body
    assert "我认真写的概述" in body and 'value="1000"' in body and "小组活动" in body
    draft.refresh_from_db()
    assert draft.summary != "我认真写的概述"


def test_negative_quantity_is_400_naming_the_field(client, draft, applicant):
    client.force_login(applicant)
    data = application_post_data(region("420102").pk)
    data["budget-1-quantity"] = "-2"
    response = client.post(reverse("programs:application_edit", args=[draft.pk]), data)
    assert response.status_code == 400
    assert "数量必须大于 0" in response.content.decode()


def test_region_outside_the_call_is_400(client, draft, applicant):
    client.force_login(applicant)
    data = application_post_data(region("422801").pk)
    response = client.post(reverse("programs:application_edit", args=[draft.pk]), data)
    assert response.status_code == 400


def test_late_submission_page_lists_the_reason(client, draft, applicant):
    call = draft.call
    call.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    call.save()
    client.force_login(applicant)
    response = client.post(reverse("programs:application_submit", args=[draft.pk]))
    assert response.status_code == 400
    assert "已于" in response.content.decode() and "截止" in response.content.decode()


def test_unverified_organization_start_is_400(client, call):
    organization = OrganizationFactory(verification_status="pending")
    member = MembershipFactory(organization=organization, user=UserFactory()).user
    client.force_login(member)
    response = client.post(
        reverse("programs:application_start", args=[call.pk]), {"title": "新项目", "organization": organization.pk}
    )
    assert response.status_code == 400
    assert "尚未通过认证" in response.content.decode()
    assert "新项目" in response.content.decode()


def test_public_call_filters(client, db):
    brand = BrandProgramFactory(name="童伴妈妈")
    orphans = ChildCategory.objects.get(code="orphan")
    open_call = CallFactory(title="开放中的指南", brand_program=brand)
    open_call.child_categories.add(orphans)
    CallFactory(title="即将开始的指南", opens_at=timezone.now() + datetime.timedelta(days=3))
    CallFactory(title="已截止的指南", closes_at=timezone.now() - datetime.timedelta(days=1))
    CallFactory(title="恩施的指南", region_code="422800")
    CallFactory(title="草稿指南", status=CallStatus.DRAFT)

    def titles(**params):
        body = client.get(reverse("programs:call_list"), params).content.decode()
        return {t for t in ("开放中的指南", "即将开始的指南", "已截止的指南", "恩施的指南", "草稿指南") if t in body}

    assert "草稿指南" not in titles()
    assert titles(phase="open") == {"开放中的指南", "恩施的指南"}
    assert titles(phase="upcoming") == {"即将开始的指南"}
    assert titles(phase="closed") == {"已截止的指南"}
    assert titles(brand=brand.pk) == {"开放中的指南"}
    assert titles(child_category=orphans.pk) == {"开放中的指南"}
    assert "恩施的指南" not in titles(region=region("420100").pk)
    assert titles(region=region("422800").pk) == {"恩施的指南"}


def _submitted_applications(n, call):
    for _ in range(n):
        organization = OrganizationFactory()
        member = MembershipFactory(organization=organization, user=UserFactory()).user
        application_submit(application=ApplicationFactory(call=call, organization=organization), actor=member)


@pytest.mark.parametrize("count", [3, 30])
def test_officer_list_has_bounded_queries(client, wuhan_officer, django_assert_max_num_queries, count):
    call = CallFactory()
    _submitted_applications(count, call)
    client.force_login(wuhan_officer)
    with django_assert_max_num_queries(13):  # +1: the referrals role lookup
        response = client.get(reverse("programs:officer_applications"), {"status": "submitted"})
    assert response.status_code == 200
    assert response.content.decode().count("留守儿童关爱项目") == min(count, 25)


@pytest.mark.parametrize("count", [3, 30])
def test_public_call_list_has_bounded_queries(client, db, django_assert_max_num_queries, count):
    for _ in range(count):
        CallFactory()
    with django_assert_max_num_queries(13):  # +1: the referrals role lookup
        response = client.get(reverse("programs:call_list"), {"phase": "open"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_ranking_and_my_applications_have_bounded_queries(
    client, wuhan_officer, applicant, applicant_org, django_assert_max_num_queries, count
):
    call = CallFactory()
    for _ in range(count):
        ApplicationFactory(call=call, organization=applicant_org, status=ApplicationStatus.UNDER_REVIEW)
    client.force_login(wuhan_officer)
    with django_assert_max_num_queries(13):  # +1: the referrals role lookup
        assert client.get(reverse("programs:officer_call_ranking", args=[call.pk])).status_code == 200
    client.force_login(applicant)
    with django_assert_max_num_queries(11):  # +1: the referrals role lookup
        assert client.get(reverse("programs:my_applications")).status_code == 200


def test_officer_filter_by_score_range(client, call, applicant, applicant_org, wuhan_officer, reviewers):
    high = reviewed(
        ApplicationFactory(call=call, organization=applicant_org, title="高分项目"),
        applicant=applicant,
        officer=wuhan_officer,
        reviewers=reviewers,
        fraction="0.9",
    )
    reviewed(
        ApplicationFactory(call=call, organization=applicant_org, title="低分项目"),
        applicant=applicant,
        officer=wuhan_officer,
        reviewers=reviewers,
        fraction="0.5",
    )
    client.force_login(wuhan_officer)
    body = client.get(reverse("programs:officer_applications"), {"score_min": "80"}).content.decode()
    assert high.title in body and "低分项目" not in body


def test_excel_export_has_scores(client, draft, applicant, wuhan_officer, reviewers):
    reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers, fraction="0.8")
    client.force_login(wuhan_officer)
    response = client.get(reverse("programs:officer_call_export", args=[draft.call.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.values)
    header = rows[0]
    assert "平均分" in header and "申请金额（元）" in header
    row = dict(zip(header, rows[1], strict=True))
    assert row["项目名称"] == draft.title
    assert Decimal(str(row["平均分"])) == Decimal("80")
    assert Decimal(str(row["申请金额（元）"])) == Decimal("50000")


def test_export_is_for_officers_in_scope(client, draft, enshi_officer, applicant):
    client.force_login(enshi_officer)
    assert client.get(reverse("programs:officer_call_export", args=[draft.call.pk])).status_code == 404
    client.force_login(applicant)
    assert client.get(reverse("programs:officer_call_export", args=[draft.call.pk])).status_code == 403


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_are_checked_by_content_and_served_with_permission(client, settings, tmp_path, draft, applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    client.force_login(applicant)
    url = reverse("programs:attachment_upload", args=[draft.pk])
    fake = SimpleUploadedFile("plan.pdf", b"not really a pdf", content_type="application/pdf")
    response = client.post(url, {"title": "项目方案", "file": fake}, follow=True)
    assert "内容与其扩展名不符" in response.content.decode()
    assert not draft.attachments.exists()
    client.post(url, {"title": "项目方案", "file": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")})
    attachment = draft.attachments.get()
    download = reverse("programs:attachment_download", args=[draft.pk, attachment.pk])
    assert client.get(download).status_code == 200
    client.force_login(UserFactory())
    assert client.get(download).status_code == 404


def test_call_attachment_upload_and_public_download(client, settings, tmp_path, call, wuhan_officer, enshi_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    url = reverse("programs:officer_call_attach", args=[call.pk])
    client.force_login(enshi_officer)
    upload = SimpleUploadedFile("guide.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"title": "申报书模板", "file": upload}).status_code == 404
    client.force_login(wuhan_officer)
    upload = SimpleUploadedFile("guide.pdf", PDF, content_type="application/pdf")
    client.post(url, {"title": "申报书模板", "file": upload})
    attachment = call.attachments.get()
    client.logout()
    assert "申报书模板" in client.get(reverse("programs:call_detail", args=[call.pk])).content.decode()
    download = reverse("programs:call_attachment_download", args=[call.pk, attachment.pk])
    assert client.get(download).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_my_reviews_has_bounded_queries(client, db, django_assert_max_num_queries, count):
    from tests.factories.programs import ReviewAssignmentFactory, ReviewerFactory

    reviewer = ReviewerFactory()
    for _ in range(count):
        ReviewAssignmentFactory(reviewer=reviewer)
    client.force_login(reviewer)
    with django_assert_max_num_queries(9):  # +1: the referrals role lookup
        response = client.get(reverse("programs:my_reviews"))
    assert response.content.decode().count("留守儿童关爱项目") == count


def test_officer_filters_by_call_status_region_and_date(client, wuhan_officer, applicant, applicant_org):
    first, second = CallFactory(title="第一个指南"), CallFactory(title="第二个指南")
    jiangan = ApplicationFactory(call=first, organization=applicant_org, title="江岸项目", regions=["420102"])
    hanyang = ApplicationFactory(call=second, organization=applicant_org, title="汉阳项目", regions=["420105"])
    for application in (jiangan, hanyang):
        application_submit(application=application, actor=applicant)
    client.force_login(wuhan_officer)

    def titles(**params):
        body = client.get(reverse("programs:officer_applications"), params).content.decode()
        return {t for t in ("江岸项目", "汉阳项目") if t in body}

    assert titles() == {"江岸项目", "汉阳项目"}
    assert titles(call=first.pk) == {"江岸项目"}
    assert titles(region=region("420105").pk) == {"汉阳项目"}
    assert titles(status="returned") == set()
    today = timezone.localdate()
    assert titles(submitted_from=today.isoformat()) == {"江岸项目", "汉阳项目"}
    assert titles(submitted_to=(today - datetime.timedelta(days=1)).isoformat()) == set()
    assert titles(organization=applicant_org.name[:4]) == {"江岸项目", "汉阳项目"}


@pytest.mark.parametrize("count", [3, 30])
def test_officer_call_list_has_bounded_queries(client, wuhan_officer, django_assert_max_num_queries, count):
    for _ in range(count):
        CallFactory()
    client.force_login(wuhan_officer)
    with django_assert_max_num_queries(11):  # +1: the referrals role lookup
        response = client.get(reverse("programs:officer_calls"))
    assert response.status_code == 200
    assert response.content.decode().count("儿童关爱服务项目申报指南") == min(count, 25)


def test_the_budget_and_team_tables_get_the_phone_layout(client, draft, applicant):
    client.force_login(applicant)
    body = client.get(reverse("programs:application_edit", args=[draft.pk])).content.decode()
    assert "programs/forms.css" in body
    assert body.count('<table class="formset-table">') == 2


def test_the_apply_button_is_for_the_public_page_not_the_officers(client, call, wuhan_officer):
    apply_url = reverse("programs:application_start", args=[call.pk])
    assert apply_url in client.get(reverse("programs:call_detail", args=[call.pk])).content.decode()
    client.force_login(wuhan_officer)
    assert apply_url not in client.get(reverse("programs:officer_call_detail", args=[call.pk])).content.decode()


def test_attachments_go_through_a_service_that_locks_audits_and_refuses_a_submitted_application(
    settings, tmp_path, draft, applicant
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.models import AuditEvent
    from core.permissions import Denied
    from programs.services.applications import application_attachment_add, application_submit

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    application_attachment_add(
        application=draft, actor=applicant, title="项目方案", upload=SimpleUploadedFile("plan.pdf", PDF)
    )
    event = AuditEvent.objects.get(action="programs.application_attach")
    assert event.details == {"attachment": "项目方案"}
    application_submit(application=draft, actor=applicant)
    with pytest.raises(Denied):
        application_attachment_add(
            application=draft, actor=applicant, title="迟到的附件", upload=SimpleUploadedFile("late.pdf", PDF)
        )
    assert list(draft.attachments.values_list("title", flat=True)) == ["项目方案"]


def test_an_application_holds_a_limited_number_and_size_of_attachments(settings, tmp_path, draft, applicant):
    """One file per upload, but an application is one submission: its attachments together are capped in number and
    in bytes, and the form says so (issue 9, item 8, the same shape as a milestone's evidence)."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from programs.forms import AttachmentForm
    from programs.services.applications import application_attachment_add

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    settings.MAX_ATTACHMENTS_PER_APPLICATION = 2
    settings.MAX_APPLICATION_ATTACHMENTS_SIZE = len(PDF) * 2 + 10

    def add(name):
        return application_attachment_add(
            application=draft, actor=applicant, title=name, upload=SimpleUploadedFile(f"{name}.pdf", PDF)
        )

    add("方案")
    add("预算")
    with pytest.raises(ValidationError, match="最多 2 个附件"):
        add("第三份")
    draft.attachments.filter(title="预算").delete()
    settings.MAX_APPLICATION_ATTACHMENTS_SIZE = len(PDF) + 10
    with pytest.raises(ValidationError, match="合计"):
        add("太大")
    assert list(draft.attachments.values_list("title", flat=True)) == ["方案"]
    assert "最多 2 个" in str(AttachmentForm())
