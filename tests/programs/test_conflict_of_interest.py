"""A person who is, or was within CONFLICT_OF_INTEREST_DAYS, a member of the applicant organization may not screen,
assign reviewers to, review, decide or announce its application, whatever other role they hold."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.permissions import Denied, check
from organizations.models import FormerMembership, MemberRole
from programs.models import ApplicationStatus
from programs.services.applications import application_submit
from programs.services.decisions import application_approve, application_reject, notice_publish
from programs.services.reviews import review_assign, review_declare_no_conflict, review_submit
from programs.services.screening import application_pass_to_review, application_return
from tests.factories import MembershipFactory, OfficerFactory
from tests.factories.programs import ReviewerFactory
from tests.programs.helpers import close_call, reviewed, to_review

REASON = "您是（或曾是）该申报单位的成员，存在利益冲突"


def _former_member(user, organization, *, days_ago):
    left = timezone.now() - datetime.timedelta(days=days_ago)
    return FormerMembership.objects.create(
        user=user,
        organization=organization,
        role=MemberRole.STAFF,
        joined_at=left - datetime.timedelta(days=400),
        left_at=left,
    )


@pytest.fixture(params=["member", "former_member"])
def insider_officer(request, applicant_org):
    """An officer of the issuing region who is a member of the applicant, or left it a month ago."""
    officer = OfficerFactory(username=f"insider_{request.param}", region_code="420100")
    if request.param == "member":
        MembershipFactory(organization=applicant_org, user=officer)
    else:
        _former_member(officer, applicant_org, days_ago=30)
    return officer


def _refused(service, **kwargs):
    with pytest.raises(Denied) as error:
        service(**kwargs)
    assert REASON in str(error.value)


def test_an_insider_officer_may_not_screen(draft, applicant, insider_officer):
    application_submit(application=draft, actor=applicant)
    _refused(application_return, application=draft, actor=insider_officer, comment="请修改")
    _refused(application_pass_to_review, application=draft, actor=insider_officer)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED


def test_an_insider_officer_may_not_assign_reviewers(draft, applicant, wuhan_officer, insider_officer, reviewers):
    to_review(draft, applicant=applicant, officer=wuhan_officer)
    _refused(review_assign, application=draft, reviewers=reviewers, actor=insider_officer)
    assert not draft.reviews.exists()


def test_an_insider_officer_may_not_decide(draft, applicant, wuhan_officer, insider_officer, reviewers):
    reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    close_call(draft.call)
    _refused(application_approve, application=draft, actor=insider_officer, amount=Decimal("1000"), reason="好")
    _refused(application_reject, application=draft, actor=insider_officer, reason="不好")
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.UNDER_REVIEW


def test_an_insider_officer_may_not_publish_the_notice(
    call, draft, applicant, wuhan_officer, insider_officer, reviewers
):
    reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    close_call(call)
    application_approve(application=draft, actor=wuhan_officer, amount=Decimal("1000"), reason="好")
    _refused(notice_publish, call=call, actor=insider_officer)
    assert not call.public_notices.exists()
    assert notice_publish(call=call, actor=wuhan_officer).applications.get() == draft


def test_the_insider_sees_no_decision_buttons(draft, applicant, wuhan_officer, insider_officer):
    to_review(draft, applicant=applicant, officer=wuhan_officer)
    for action in ("programs.application_decide", "programs.application_assign_reviewers"):
        decision = check(insider_officer, action, draft)
        assert not decision.allowed and not decision.hidden
        assert REASON in decision.reason


def test_a_former_member_within_the_period_cannot_be_assigned(draft, applicant, applicant_org, wuhan_officer):
    recent = ReviewerFactory(username="recent", name="刚离开的专家")
    _former_member(recent, applicant_org, days_ago=settings.CONFLICT_OF_INTEREST_DAYS - 1)
    long_gone = ReviewerFactory(username="long_gone", name="早已离开的专家")
    _former_member(long_gone, applicant_org, days_ago=settings.CONFLICT_OF_INTEREST_DAYS + 1)
    other = ReviewerFactory(username="other")
    to_review(draft, applicant=applicant, officer=wuhan_officer)
    with pytest.raises(ValidationError) as error:
        review_assign(application=draft, reviewers=[recent, other], actor=wuhan_officer)
    assert "刚离开的专家 是（或曾是）申报单位" in str(error.value)
    assert not draft.reviews.exists()
    assert len(review_assign(application=draft, reviewers=[long_gone, other], actor=wuhan_officer)) == 2


def test_a_reviewer_who_joins_the_applicant_after_assignment_cannot_review(
    draft, applicant, applicant_org, wuhan_officer, reviewers
):
    to_review(draft, applicant=applicant, officer=wuhan_officer)
    declared, undeclared = review_assign(application=draft, reviewers=reviewers, actor=wuhan_officer)
    review_declare_no_conflict(assignment=declared, actor=reviewers[0])
    for reviewer in reviewers:
        MembershipFactory(organization=applicant_org, user=reviewer)
    _refused(review_declare_no_conflict, assignment=undeclared, actor=reviewers[1])
    scores = {c.pk: c.weight for c in draft.call.rubric_criteria.all()}
    _refused(review_submit, assignment=declared, actor=reviewers[0], scores=scores, comment="好")
    assert not draft.reviews.filter(status="submitted").exists()
