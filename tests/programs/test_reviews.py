"""Reviewer assignment, conflict of interest, scoring bounds, immutability, mean and spread."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.permissions import Denied
from programs.models import Application, ReviewStatus
from programs.services.reviews import review_assign, review_declare_no_conflict, review_decline, review_submit
from tests.factories import MembershipFactory
from tests.factories.programs import ReviewerFactory
from tests.programs.helpers import reviewed, to_review


@pytest.fixture
def in_review(draft, applicant, wuhan_officer):
    return to_review(draft, applicant=applicant, officer=wuhan_officer)


def test_member_of_the_applicant_cannot_be_assigned(in_review, wuhan_officer, reviewers):
    insider = ReviewerFactory(username="insider", name="内部人")
    MembershipFactory(organization=in_review.organization, user=insider)
    with pytest.raises(ValidationError) as error:
        review_assign(application=in_review, reviewers=[insider, *reviewers], actor=wuhan_officer)
    assert "内部人 是（或曾是）申报单位" in str(error.value)
    assert not in_review.reviews.exists()


def test_at_least_min_reviewers(in_review, wuhan_officer, reviewers):
    with pytest.raises(ValidationError) as error:
        review_assign(application=in_review, reviewers=reviewers[:1], actor=wuhan_officer)
    assert "至少需要 2 位评审专家" in str(error.value)


def test_only_reviewers_can_be_assigned(in_review, wuhan_officer, reviewers, plain_user):
    with pytest.raises(ValidationError) as error:
        review_assign(application=in_review, reviewers=[*reviewers, plain_user], actor=wuhan_officer)
    assert "不是评审专家" in str(error.value)


def test_reviewer_cannot_score_or_read_before_declaring(client, in_review, wuhan_officer, reviewers):
    assignment = review_assign(application=in_review, reviewers=reviewers, actor=wuhan_officer)[0]
    criteria = list(in_review.call.rubric_criteria.all())
    with pytest.raises(Denied) as error:
        review_submit(assignment=assignment, actor=reviewers[0], scores={c.pk: 1 for c in criteria}, comment="x")
    assert "请先声明" in str(error.value)
    client.force_login(reviewers[0])
    assert client.get(reverse("programs:review_detail", args=[assignment.pk])).status_code == 200
    response = client.post(reverse("programs:review_submit", args=[assignment.pk]), {"comment": "x"})
    assert response.status_code == 403
    # Nor can they open the attachments or the applicant's view of the application.
    assert client.get(reverse("programs:application_detail", args=[in_review.pk])).status_code == 404


def test_declining_needs_a_reason_and_hides_the_application(in_review, wuhan_officer, reviewers):
    assignment = review_assign(application=in_review, reviewers=reviewers, actor=wuhan_officer)[0]
    with pytest.raises(ValidationError):
        review_decline(assignment=assignment, actor=reviewers[0], reason=" ")
    declined = review_decline(assignment=assignment, actor=reviewers[0], reason="曾在该机构兼职")
    assert declined.status == ReviewStatus.DECLINED
    with pytest.raises(Denied):
        review_declare_no_conflict(assignment=declined, actor=reviewers[0])


def test_score_above_weight_is_refused_naming_the_criterion(in_review, wuhan_officer, reviewers):
    assignment = review_assign(application=in_review, reviewers=reviewers, actor=wuhan_officer)[0]
    review_declare_no_conflict(assignment=assignment, actor=reviewers[0])
    criteria = list(in_review.call.rubric_criteria.all())
    scores = {c.pk: c.weight for c in criteria}
    scores[criteria[0].pk] = criteria[0].weight + Decimal("0.5")
    with pytest.raises(ValidationError) as error:
        review_submit(assignment=assignment, actor=reviewers[0], scores=scores, comment="好")
    assert f"“{criteria[0].name}”：得分必须在 0 到 30 之间，填写的是 30.5" in str(error.value)
    scores[criteria[0].pk] = Decimal("-1")
    with pytest.raises(ValidationError):
        review_submit(assignment=assignment, actor=reviewers[0], scores=scores, comment="好")
    assignment.refresh_from_db()
    assert assignment.status == ReviewStatus.ACCEPTED and not assignment.scores.exists()


def test_submitted_review_cannot_change(in_review, wuhan_officer, reviewers):
    assignment = review_assign(application=in_review, reviewers=reviewers, actor=wuhan_officer)[0]
    review_declare_no_conflict(assignment=assignment, actor=reviewers[0])
    criteria = list(in_review.call.rubric_criteria.all())
    review_submit(assignment=assignment, actor=reviewers[0], scores={c.pk: c.weight for c in criteria}, comment="好")
    with pytest.raises(Denied) as error:
        review_submit(assignment=assignment, actor=reviewers[0], scores={c.pk: 0 for c in criteria}, comment="改")
    assert "不能再修改" in str(error.value)
    assignment.refresh_from_db()
    assert assignment.total_score == Decimal("100")


def test_score_form_over_weight_is_400_and_keeps_input(client, in_review, wuhan_officer, reviewers):
    assignment = review_assign(application=in_review, reviewers=reviewers, actor=wuhan_officer)[0]
    review_declare_no_conflict(assignment=assignment, actor=reviewers[0])
    criteria = list(in_review.call.rubric_criteria.all())
    client.force_login(reviewers[0])
    data = {f"criterion_{c.pk}": "99" for c in criteria} | {"comment": "我写的意见"}
    response = client.post(reverse("programs:review_submit", args=[assignment.pk]), data)
    assert response.status_code == 400
    assert "得分必须在 0 到 30 之间" in response.content.decode()
    assert "我写的意见" in response.content.decode()


def test_mean_and_spread(draft, applicant, wuhan_officer, reviewers):
    application = to_review(draft, applicant=applicant, officer=wuhan_officer)
    assignments = review_assign(application=application, reviewers=reviewers, actor=wuhan_officer)
    for assignment, reviewer, fraction in zip(assignments, reviewers, ["0.9", "0.6"], strict=True):
        review_declare_no_conflict(assignment=assignment, actor=reviewer)
        scores = {c.pk: c.weight * Decimal(fraction) for c in application.call.rubric_criteria.all()}
        review_submit(assignment=assignment, actor=reviewer, scores=scores, comment="x")
    scored = Application.objects.with_scores().get(pk=application.pk)
    assert scored.score_mean == Decimal("75") and scored.score_spread == Decimal("30")
    assert scored.review_count == 2


def test_reviewed_helper_reaches_two_reviews(draft, applicant, wuhan_officer, reviewers):
    application = reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    assert application.reviews.filter(status=ReviewStatus.SUBMITTED).count() == 2
