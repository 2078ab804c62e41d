"""Who may download an evaluation report (/grants/evaluations/<id>/report/): the assigned evaluator, the officers
covering the issuing region and platform admins. Everyone else gets 404, so a report's existence is not confirmed."""

import pytest
from django.urls import reverse

from grants.models import EvaluationKind
from grants.services import evaluation_assign, evaluation_submit
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
