"""The permission matrix: who may do what to a grant, and whether a refusal is a 403 (deny) or a 404 (hide)."""

import pytest

from core.permissions import check
from grants.models import EvaluationKind
from grants.services import evaluation_assign, milestone_approve, milestone_submit
from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory, pdf_upload

pytestmark = pytest.mark.django_db

ROLES = [
    "issuing_officer",
    "second_officer",
    "province_officer",
    "other_region_officer",
    "member",
    "other_org_member",
    "assigned_evaluator",
    "other_evaluator",
    "plain_user",
    "platform_admin",
]

# action -> expected outcome per role, in ROLES order. A: allowed, D: denied (403), H: hidden (404).
MATRIX = {
    "grants.view": "A A A H A H A H H A",
    "grants.manage": "A A A H D H D H H D",
    "grants.view_audit": "A A A H D H D H H A",
    "grants.milestone_submit": "D D D H A H D H H D",
    "grants.milestone_review": "A A A H D H D H H D",
    "grants.milestone_release": "D A A H D H D H H D",
    "grants.evaluation_assign": "A A A H D H D H H D",
}


@pytest.fixture
def actors(wuhan_officer, wuhan_officer2, province_officer, enshi_officer, org_admin):
    assigned = UserFactory(username="eval_assigned", is_evaluator=True)
    other_org = OrganizationFactory(region_code="420102")
    return {
        "issuing_officer": wuhan_officer,
        "second_officer": wuhan_officer2,
        "province_officer": province_officer,
        "other_region_officer": enshi_officer,
        "member": org_admin,
        "other_org_member": MembershipFactory(organization=other_org).user,
        "assigned_evaluator": assigned,
        "other_evaluator": UserFactory(username="eval_other", is_evaluator=True),
        "plain_user": UserFactory(username="nobody"),
        "platform_admin": UserFactory(username="root", is_superuser=True, is_staff=True),
    }


@pytest.fixture
def approved_milestone(milestone, org_admin, wuhan_officer):
    milestone_submit(milestone=milestone, actor=org_admin, narrative="进展", evidence_files=[pdf_upload()])
    return milestone_approve(milestone=milestone, actor=wuhan_officer)


def _outcome(decision) -> str:
    if decision.allowed:
        return "A"
    return "H" if decision.hidden else "D"


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_permission_matrix(action, actors, grant, approved_milestone, wuhan_officer):
    evaluation_assign(
        grant=grant, kind=EvaluationKind.MIDTERM, evaluator=actors["assigned_evaluator"], actor=wuhan_officer
    )
    if action in ("grants.milestone_submit", "grants.milestone_review"):
        target = grant.milestones.get(order=2)
    elif action == "grants.milestone_release":
        target = approved_milestone
    else:
        target = grant
    expected = dict(zip(ROLES, MATRIX[action].split(), strict=True))
    actual = {role: _outcome(check(actors[role], action, target)) for role in ROLES}
    assert actual == expected


def test_denials_carry_a_reason(actors, grant, approved_milestone):
    decision = check(actors["issuing_officer"], "grants.milestone_release", approved_milestone)
    assert "双人复核" in decision.reason
    assert "社会组织" in check(actors["issuing_officer"], "grants.milestone_submit", approved_milestone).reason


def test_anonymous_users_are_refused(grant):
    from django.contrib.auth.models import AnonymousUser

    assert not check(AnonymousUser(), "grants.view", grant)


def test_officer_of_a_county_below_the_issuing_region_sees_nothing_above_it(grant):
    county_officer = OfficerFactory(region_code="420102")
    assert check(county_officer, "grants.view", grant).hidden
