"""Conflict of interest on the grants side: an officer who is (or recently was) a member of an organization signs,
manages, reviews, pays and evaluates nothing of it; an evaluator in conflict does not submit; nobody pays a milestone
they submitted themselves."""

import datetime

import pytest
from django.utils import timezone

from core.permissions import Denied, check
from grants.models import EvaluationKind, Milestone
from grants.services import evaluation_assign, milestone_approve, milestone_submit
from organizations.models import FormerMembership
from tests.factories import MembershipFactory, OfficerFactory, UserFactory, approved_application, pdf_upload

pytestmark = pytest.mark.django_db

PERSONAS = ["clean_officer", "member_officer", "recent_former_officer", "long_gone_officer"]

# action -> expected outcome per persona, in PERSONAS order. A: allowed, D: denied (403) for conflict of interest.
MATRIX = {
    "grants.create": "A D D A",
    "grants.manage": "A D D A",
    "grants.milestone_review": "A D D A",
    "grants.milestone_release": "A D D A",
    "grants.evaluation_assign": "A D D A",
    "grants.evaluation_publish": "A D D A",
}


def _former(user, organization, *, days_ago: int):
    left = timezone.now() - datetime.timedelta(days=days_ago)
    FormerMembership.objects.create(
        user=user, organization=organization, role="staff", joined_at=left - datetime.timedelta(days=300), left_at=left
    )
    return user


@pytest.fixture
def personas(grant, settings):
    settings.CONFLICT_OF_INTEREST_DAYS = 730
    organization = grant.organization
    member_officer = OfficerFactory(username="officer_member", region_code="420100")
    MembershipFactory(organization=organization, user=member_officer)
    return {
        "clean_officer": OfficerFactory(username="officer_clean", region_code="420100"),
        "member_officer": member_officer,
        "recent_former_officer": _former(
            OfficerFactory(username="officer_recent", region_code="420100"), organization, days_ago=30
        ),
        "long_gone_officer": _former(
            OfficerFactory(username="officer_long_gone", region_code="420100"), organization, days_ago=800
        ),
    }


@pytest.fixture
def targets(grant, org_admin, wuhan_officer):
    first, second = grant.milestones.get(order=1), grant.milestones.get(order=2)
    milestone_submit(milestone=first, actor=org_admin, narrative="进展", evidence_files=[pdf_upload()])
    approved = milestone_approve(milestone=first, actor=wuhan_officer)
    submitted = milestone_submit(milestone=second, actor=org_admin, narrative="进展", evidence_files=[pdf_upload()])
    evaluator = UserFactory(username="evaluator_clean", is_evaluator=True)
    evaluation = evaluation_assign(grant=grant, kind=EvaluationKind.MIDTERM, evaluator=evaluator, actor=wuhan_officer)
    return {
        "grants.create": approved_application(organization=grant.organization),
        "grants.manage": grant,
        "grants.milestone_review": submitted,
        "grants.milestone_release": approved,
        "grants.evaluation_assign": grant,
        "grants.evaluation_publish": evaluation,
    }


def _outcome(decision) -> str:
    if decision.allowed:
        return "A"
    return "H" if decision.hidden else "D"


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_conflict_of_interest_matrix(action, personas, targets):
    expected = dict(zip(PERSONAS, MATRIX[action].split(), strict=True))
    decisions = {persona: check(personas[persona], action, targets[action]) for persona in PERSONAS}
    assert {persona: _outcome(decision) for persona, decision in decisions.items()} == expected
    for persona, decision in decisions.items():
        if expected[persona] == "D":
            assert "利益冲突" in decision.reason, (persona, decision.reason)


def test_an_officer_who_joined_the_organization_cannot_approve_its_milestone_through_the_service(
    grant, org_admin, personas
):
    """The complaint: an officer accepted the organization's invitation, then approved its milestone as officer."""
    milestone = grant.milestones.get(order=1)
    milestone_submit(milestone=milestone, actor=org_admin, narrative="进展", evidence_files=[pdf_upload()])
    with pytest.raises(Denied, match="利益冲突"):
        milestone_approve(milestone=milestone, actor=personas["member_officer"])
    milestone.refresh_from_db()
    assert milestone.approved_by is None


def test_an_evaluator_in_conflict_may_not_submit_the_evaluation(grant, org_admin, wuhan_officer):
    milestone = grant.milestones.get(order=1)
    milestone_submit(milestone=milestone, actor=org_admin, narrative="进展", evidence_files=[pdf_upload()])
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    conflicted = UserFactory(username="evaluator_member", is_evaluator=True)
    MembershipFactory(organization=grant.organization, user=conflicted)
    clean = UserFactory(username="evaluator_clean", is_evaluator=True)
    conflicted_evaluation = evaluation_assign(
        grant=grant, kind=EvaluationKind.MIDTERM, evaluator=conflicted, actor=wuhan_officer
    )
    assert "利益冲突" in check(conflicted, "grants.evaluation_submit", conflicted_evaluation).reason
    conflicted_evaluation.evaluator = clean
    assert check(clean, "grants.evaluation_submit", conflicted_evaluation).allowed


def test_the_officer_who_submitted_a_milestone_may_not_release_it(grant, org_admin, wuhan_officer, settings):
    """Even when their membership ended long enough ago not to count as a conflict, nobody pays what they submitted."""
    settings.CONFLICT_OF_INTEREST_DAYS = 730
    submitter = OfficerFactory(username="officer_submitter", region_code="420100")
    _former(submitter, grant.organization, days_ago=800)
    milestone = grant.milestones.get(order=1)
    milestone_submit(milestone=milestone, actor=org_admin, narrative="进展", evidence_files=[pdf_upload()])
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    Milestone.objects.filter(pk=milestone.pk).update(submitted_by=submitter)  # they submitted it back then
    milestone.refresh_from_db()
    decision = check(submitter, "grants.milestone_release", milestone)
    assert not decision.allowed and "本人提交" in decision.reason
