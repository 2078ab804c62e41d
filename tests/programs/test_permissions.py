"""Permission matrix for the programs rules: allowed, 403 with a reason, or 404."""

import pytest
from django.urls import reverse

from core.permissions import check
from programs.models import ReviewStatus
from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory
from tests.factories.programs import ApplicationFactory, ReviewAssignmentFactory

ALLOW, DENY, HIDE = "allow", "deny", "hide"


def outcome(decision):
    return ALLOW if decision.allowed else HIDE if decision.hidden else DENY


@pytest.fixture
def people(draft, applicant):
    return {
        "applicant": applicant,
        "wuhan_officer": OfficerFactory(region_code="420100"),
        "province_officer": OfficerFactory(region_code="420000"),
        "jiangan_officer": OfficerFactory(region_code="420102"),  # below the issuer: does not cover a Wuhan call
        "enshi_officer": OfficerFactory(region_code="422800"),
        "stranger": UserFactory(),
        # A member of another organization in the same county: belonging to some organization is not enough.
        "other_org_member": MembershipFactory(organization=OrganizationFactory(region_code="420102")).user,
        "admin": UserFactory(is_superuser=True),
    }


MATRIX = {
    "programs.application_withdraw": {
        "applicant": ALLOW,
        "wuhan_officer": DENY,
        "province_officer": DENY,
        "jiangan_officer": HIDE,
        "enshi_officer": HIDE,
        "stranger": HIDE,
        "other_org_member": HIDE,
        "admin": HIDE,
    },
    "programs.application_announce": {
        "applicant": DENY,
        "wuhan_officer": ALLOW,
        "province_officer": ALLOW,
        "jiangan_officer": HIDE,
        "enshi_officer": HIDE,
        "stranger": HIDE,
        "other_org_member": HIDE,
        "admin": HIDE,
    },
    # action: outcome per person, for a draft application to a Wuhan call
    "programs.application_view": {
        "applicant": ALLOW,
        "wuhan_officer": HIDE,  # a draft is the organization's own until submitted, whichever URL an officer tries
        "province_officer": HIDE,
        "jiangan_officer": HIDE,
        "enshi_officer": HIDE,
        "stranger": HIDE,
        "other_org_member": HIDE,
        "admin": ALLOW,
    },
    "programs.application_edit": {
        "applicant": ALLOW,
        "wuhan_officer": DENY,
        "province_officer": DENY,
        "jiangan_officer": HIDE,
        "enshi_officer": HIDE,
        "stranger": HIDE,
        "other_org_member": HIDE,
        "admin": HIDE,
    },
    "programs.application_submit": {
        "applicant": ALLOW,
        "wuhan_officer": DENY,
        "province_officer": DENY,
        "jiangan_officer": HIDE,
        "enshi_officer": HIDE,
        "stranger": HIDE,
        "other_org_member": HIDE,
        "admin": HIDE,
    },
    "programs.application_screen": {
        "applicant": DENY,
        "wuhan_officer": ALLOW,
        "province_officer": ALLOW,
        "jiangan_officer": HIDE,
        "enshi_officer": HIDE,
        "stranger": HIDE,
        "other_org_member": HIDE,
        "admin": HIDE,
    },
    "programs.application_assign_reviewers": {
        "applicant": DENY,
        "wuhan_officer": ALLOW,
        "province_officer": ALLOW,
        "jiangan_officer": HIDE,
        "enshi_officer": HIDE,
        "stranger": HIDE,
        "other_org_member": HIDE,
        "admin": HIDE,
    },
    "programs.application_decide": {
        "applicant": DENY,
        "wuhan_officer": ALLOW,
        "province_officer": ALLOW,
        "jiangan_officer": HIDE,
        "enshi_officer": HIDE,
        "stranger": HIDE,
        "other_org_member": HIDE,
        "admin": HIDE,
    },
}


@pytest.mark.parametrize("action", list(MATRIX))
def test_application_matrix(people, draft, action):
    got = {name: outcome(check(user, action, draft)) for name, user in people.items()}
    assert got == MATRIX[action]


def test_call_manage_matrix(people, call):
    got = {name: outcome(check(user, "programs.call_manage", call)) for name, user in people.items()}
    assert got == {
        "applicant": DENY,
        "wuhan_officer": ALLOW,
        "province_officer": ALLOW,
        "jiangan_officer": HIDE,
        "enshi_officer": HIDE,
        "stranger": DENY,
        "other_org_member": DENY,
        "admin": DENY,
    }


def test_applicant_cannot_edit_after_submission(draft, applicant):
    draft.status = "submitted"
    decision = check(applicant, "programs.application_edit", draft)
    assert not decision.allowed and "已提交" in decision.reason


@pytest.mark.parametrize(
    ("status", "declare", "read", "score"),
    [
        (ReviewStatus.ASSIGNED, ALLOW, DENY, DENY),
        (ReviewStatus.ACCEPTED, DENY, ALLOW, ALLOW),
        (ReviewStatus.DECLINED, DENY, DENY, DENY),
        (ReviewStatus.SUBMITTED, DENY, ALLOW, DENY),
    ],
)
def test_review_matrix(db, status, declare, read, score):
    assignment = ReviewAssignmentFactory(status=status)
    reviewer = assignment.reviewer
    assert outcome(check(reviewer, "programs.review_declare", assignment)) == declare
    assert outcome(check(reviewer, "programs.review_read_application", assignment)) == read
    assert outcome(check(reviewer, "programs.review_score", assignment)) == score
    other = UserFactory(is_reviewer=True)
    for action in ("programs.review_declare", "programs.review_read_application", "programs.review_score"):
        assert outcome(check(other, action, assignment)) == HIDE


def test_member_reviewer_is_applicant_not_reviewer(db):
    assignment = ReviewAssignmentFactory(status=ReviewStatus.ACCEPTED)
    MembershipFactory(organization=assignment.application.organization, user=assignment.reviewer)
    assert check(assignment.reviewer, "programs.application_view", assignment.application).allowed


def test_create_is_only_for_members_of_the_organization(people, applicant_org):
    assert outcome(check(people["applicant"], "programs.application_create", applicant_org)) == ALLOW
    assert outcome(check(people["other_org_member"], "programs.application_create", applicant_org)) == HIDE


def test_my_applications_lists_only_my_organizations(client, draft, applicant, call):
    other_org = OrganizationFactory(region_code="420102", name="别家社工服务中心")
    theirs = ApplicationFactory(call=call, organization=other_org, title="别家的申报书")
    outsider = MembershipFactory(organization=other_org).user
    client.force_login(applicant)
    body = client.get(reverse("programs:my_applications")).content.decode()
    assert draft.title in body
    assert theirs.title not in body
    client.force_login(outsider)
    body = client.get(reverse("programs:my_applications")).content.decode()
    assert theirs.title in body
    assert draft.title not in body
