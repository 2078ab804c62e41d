"""List pages as people see them: the public funded-projects page (totals, service regions), the officer filters."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import EvaluationKind
from grants.services import evaluation_assign, evaluation_publish, evaluation_submit
from tests.factories import UserFactory, make_grant, mark_milestones_approved, pdf_upload, region

pytestmark = pytest.mark.django_db


def test_public_list_shows_totals_service_regions_and_chinese_filter_labels(client, wuhan_officer, enshi_officer):
    make_grant(officer=wuhan_officer, application_kwargs={"approved_amount": Decimal("100000.50")})
    make_grant(
        officer=enshi_officer,
        application_kwargs={"region_code": "422800", "approved_amount": Decimal("20000.00")},
    )
    page = client.get(reverse("grants:public_project_list")).content.decode()
    assert "共 2 个项目，合同金额合计 120,000.50 元" in page
    assert "---------" not in page and ">全部</option>" in page
    # The service region is named, not only the issuing bureau's region.
    assert "服务区域" in page and region("420102").name in page


def test_public_list_explains_an_empty_filter_result(client, wuhan_officer):
    make_grant(officer=wuhan_officer)
    page = client.get(reverse("grants:public_project_list"), {"prefecture": region("422800").pk}).content.decode()
    assert "没有符合筛选条件的立项项目" in page
    assert "共 " not in page


def test_officer_overdue_filter_reads_all_with_or_without(client, wuhan_officer):
    import datetime

    from django.utils import timezone

    late = make_grant(officer=wuhan_officer, start_date=timezone.localdate() - datetime.timedelta(days=200))
    fresh = make_grant(officer=wuhan_officer)
    assert late.milestones.overdue().exists() and not fresh.milestones.overdue().exists()
    client.force_login(wuhan_officer)
    url = reverse("grants:grant_list")
    page = client.get(url).content.decode()
    assert "未知" not in page and "有逾期节点</option>" in page
    page = client.get(url, {"overdue": "true"}).content.decode()
    assert late.contract_number in page and fresh.contract_number not in page
    page = client.get(url, {"overdue": "false"}).content.decode()
    assert fresh.contract_number in page and late.contract_number not in page


def test_public_project_links_a_verified_organization_to_its_directory_page(client, wuhan_officer):
    from organizations.models import VerificationStatus

    grant = make_grant(officer=wuhan_officer)
    link = reverse("organizations:public_detail", args=[grant.organization_id])
    url = reverse("grants:public_project_detail", args=[grant.pk])
    grant.organization.verification_status = VerificationStatus.VERIFIED
    grant.organization.save(update_fields=["verification_status"])
    assert link in client.get(url).content.decode()
    assert client.get(link).status_code == 200
    grant.organization.verification_status = VerificationStatus.PENDING
    grant.organization.save(update_fields=["verification_status"])
    assert link not in client.get(url).content.decode()


def test_results_page_names_the_served_region_not_the_issuing_bureau(client, wuhan_officer):
    """The complaint: "/grants/results/ says 武汉市 for a project that serves 江岸区"."""
    grant = make_grant(officer=wuhan_officer)
    mark_milestones_approved(grant, count=1)
    evaluator = UserFactory(username="eval_results", is_evaluator=True)
    evaluation = evaluation_assign(grant=grant, kind=EvaluationKind.MIDTERM, evaluator=evaluator, actor=wuhan_officer)
    evaluation_submit(evaluation=evaluation, actor=evaluator, score="91", summary="好", report=pdf_upload())
    evaluation_publish(evaluation=evaluation, actor=wuhan_officer)
    served = ", ".join(r.name for r in grant.service_regions.all())
    assert grant.issuing_region.name != served
    page = client.get(reverse("grants:public_evaluation_list")).content.decode()
    assert "服务区域" in page
    assert f"<td>{served}</td>" in page
    assert f"<td>{grant.issuing_region.name}</td>" not in page
