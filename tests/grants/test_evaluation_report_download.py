"""Who may read an evaluation (/grants/evaluations/<id>/ and its report download): the assigned evaluator, the officers
covering the issuing region and platform admins at every stage; the grant's organization once it is published (its
grant page links there). Everyone else gets 404, so a report's existence is not confirmed."""

import pytest
from django.urls import reverse

from grants.models import EvaluationKind
from grants.services import evaluation_assign, evaluation_publish, evaluation_submit
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, mark_milestones_approved, pdf_upload
from tests.factories.grants import PDF_BYTES

pytestmark = pytest.mark.django_db

EXPECTED = {
    "assigned_evaluator": 200,
    "issuing_officer": 200,
    "province_officer": 200,
    "platform_admin": 200,
    "other_region_officer": 404,
    "member": 404,
    "other_org_member": 404,
    "other_evaluator": 404,
    "plain_user": 404,
}


@pytest.fixture
def evaluation(grant, wuhan_officer):
    mark_milestones_approved(grant, count=1)
    evaluator = UserFactory(username="eval_report", is_evaluator=True)
    evaluation = evaluation_assign(grant=grant, kind=EvaluationKind.MIDTERM, evaluator=evaluator, actor=wuhan_officer)
    return evaluation_submit(
        evaluation=evaluation, actor=evaluator, score="88", summary="摘要", report=pdf_upload("中期评估报告.pdf")
    )


@pytest.fixture
def actors(evaluation, wuhan_officer, province_officer, enshi_officer, org_admin):
    return {
        "assigned_evaluator": evaluation.evaluator,
        "issuing_officer": wuhan_officer,
        "province_officer": province_officer,
        "platform_admin": UserFactory(username="root", is_superuser=True, is_staff=True),
        "other_region_officer": enshi_officer,
        "member": org_admin,
        "other_org_member": MembershipFactory(organization=OrganizationFactory(region_code="420102")).user,
        "other_evaluator": UserFactory(username="eval_other", is_evaluator=True),
        "plain_user": UserFactory(username="nobody"),
    }


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_evaluation_report_download_by_role(client, evaluation, actors, role):
    client.force_login(actors[role])
    response = client.get(reverse("grants:evaluation_report", args=[evaluation.pk]))
    assert response.status_code == EXPECTED[role]
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Cache-Control"] == "private, no-store"


def test_anonymous_visitor_is_sent_to_log_in(client, evaluation):
    response = client.get(reverse("grants:evaluation_report", args=[evaluation.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("url_name", ["grants:evaluation_detail", "grants:evaluation_report"])
def test_organization_reads_the_published_evaluation_of_its_own_project(
    client, evaluation, wuhan_officer, org_admin, url_name
):
    """The complaint: "our grant page links to the evaluation, which is already public, and the link answers 404"."""
    client.force_login(org_admin)
    url = reverse(url_name, args=[evaluation.pk])
    assert client.get(url).status_code == 404  # submitted, not yet published: still hidden from the organization
    evaluation_publish(evaluation=evaluation, actor=wuhan_officer)
    response = client.get(url)
    assert response.status_code == 200
    if url_name == "grants:evaluation_report":
        assert b"".join(response.streaming_content) == PDF_BYTES
    else:
        content = response.content.decode()
        assert "88" in content and "摘要" in content
        assert "提交评估" not in content and "公开评估结果" not in content  # reads, cannot change or publish


def test_grant_page_links_the_evaluation_for_the_organization_only_once_published(
    client, evaluation, wuhan_officer, org_admin
):
    client.force_login(org_admin)
    detail = reverse("grants:evaluation_detail", args=[evaluation.pk])
    page = client.get(reverse("grants:grant_detail", args=[evaluation.grant_id])).content.decode()
    # The unpublished score is not shown to the organization.
    assert detail not in page and "得分 88" not in page and "良好" not in page
    evaluation_publish(evaluation=evaluation, actor=wuhan_officer)
    page = client.get(reverse("grants:grant_detail", args=[evaluation.grant_id])).content.decode()
    assert detail in page
    assert client.get(detail).status_code == 200


def test_other_organization_still_cannot_read_a_published_evaluation(client, evaluation, wuhan_officer, actors):
    evaluation_publish(evaluation=evaluation, actor=wuhan_officer)
    client.force_login(actors["other_org_member"])
    assert client.get(reverse("grants:evaluation_detail", args=[evaluation.pk])).status_code == 404
    assert client.get(reverse("grants:evaluation_report", args=[evaluation.pk])).status_code == 404
