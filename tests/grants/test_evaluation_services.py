from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.permissions import Denied, NotVisible
from grants.models import EvaluationKind, EvaluationStatus, Grade, grade_for_score
from grants.selectors import public_grants
from grants.services import evaluation_assign, evaluation_publish, evaluation_submit, grant_change_status
from tests.factories import UserFactory, mark_milestones_approved, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluator(db):
    return UserFactory(username="evaluator_li", is_evaluator=True, evaluator_agency="楚天评估")


@pytest.fixture
def evaluation(grant, wuhan_officer, evaluator):
    mark_milestones_approved(grant)
    return evaluation_assign(grant=grant, kind=EvaluationKind.FINAL, evaluator=evaluator, actor=wuhan_officer)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", Grade.EXCELLENT),
        ("90", Grade.EXCELLENT),
        ("89.99", Grade.GOOD),
        ("80", Grade.GOOD),
        ("79.99", Grade.PASS),
        ("60", Grade.PASS),
        ("59.99", Grade.FAIL),
        ("0", Grade.FAIL),
    ],
)
def test_grade_follows_the_score(score, grade):
    assert grade_for_score(Decimal(score)) == grade


def test_assign_submit_publish(evaluation, evaluator, wuhan_officer, grant):
    evaluation = evaluation_submit(
        evaluation=evaluation, actor=evaluator, score=Decimal("86.5"), summary="服务覆盖达标。", report=pdf_upload()
    )
    assert evaluation.status == EvaluationStatus.SUBMITTED
    assert evaluation.grade == Grade.GOOD
    assert not public_grants().get(pk=grant.pk).published
    evaluation = evaluation_publish(evaluation=evaluation, actor=wuhan_officer)
    assert evaluation.is_published
    assert [e.pk for e in public_grants().get(pk=grant.pk).published] == [evaluation.pk]


@pytest.mark.parametrize("score", ["-1", "100.01", "abc", "1e3"])
def test_score_outside_0_to_100_is_refused(evaluation, evaluator, score):
    with pytest.raises(ValidationError) as excinfo:
        evaluation_submit(evaluation=evaluation, actor=evaluator, score=score, summary="摘要", report=pdf_upload())
    assert "0 到 100" in excinfo.value.message_dict["score"][0]
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.ASSIGNED and evaluation.score is None


def test_report_and_summary_are_required(evaluation, evaluator):
    with pytest.raises(ValidationError) as excinfo:
        evaluation_submit(evaluation=evaluation, actor=evaluator, score="70", summary="", report=None)
    assert set(excinfo.value.message_dict) == {"summary", "report"}


def test_only_the_assigned_evaluator_submits(evaluation, wuhan_officer):
    other = UserFactory(is_evaluator=True)
    with pytest.raises(NotVisible):
        evaluation_submit(evaluation=evaluation, actor=other, score="70", summary="x", report=pdf_upload())
    with pytest.raises(Denied):
        evaluation_submit(evaluation=evaluation, actor=wuhan_officer, score="70", summary="x", report=pdf_upload())


def test_evaluator_cannot_publish_and_unsubmitted_cannot_be_published(evaluation, evaluator, wuhan_officer):
    with pytest.raises(ValidationError, match="只有已提交的评估"):
        evaluation_publish(evaluation=evaluation, actor=wuhan_officer)
    evaluation_submit(evaluation=evaluation, actor=evaluator, score="95", summary="x", report=pdf_upload())
    with pytest.raises(Denied):
        evaluation_publish(evaluation=evaluation, actor=evaluator)


def test_published_evaluation_is_frozen(evaluation, evaluator, wuhan_officer):
    evaluation_submit(evaluation=evaluation, actor=evaluator, score="95", summary="x", report=pdf_upload())
    evaluation_publish(evaluation=evaluation, actor=wuhan_officer)
    with pytest.raises(Denied, match="已公开"):
        evaluation_submit(evaluation=evaluation, actor=evaluator, score="50", summary="y")


def test_assigning_a_non_evaluator_or_twice_is_refused(grant, wuhan_officer, evaluation):
    with pytest.raises(ValidationError) as excinfo:
        evaluation_assign(grant=grant, kind=EvaluationKind.MIDTERM, evaluator=UserFactory(), actor=wuhan_officer)
    assert "evaluator" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        evaluation_assign(grant=grant, kind=EvaluationKind.FINAL, evaluator=evaluation.evaluator, actor=wuhan_officer)
    assert "kind" in excinfo.value.message_dict


def test_no_evaluation_work_on_a_terminated_grant(grant, evaluation, evaluator, wuhan_officer):
    grant_change_status(grant=grant, action="terminate", actor=wuhan_officer, reason="终止")
    with pytest.raises(Denied, match="已终止"):
        evaluation_submit(evaluation=evaluation, actor=evaluator, score="70", summary="x", report=pdf_upload())
    with pytest.raises(Denied, match="已终止"):
        evaluation_assign(grant=grant, kind=EvaluationKind.MIDTERM, evaluator=evaluator, actor=wuhan_officer)
