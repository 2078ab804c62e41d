"""The application workflow table: every allowed and forbidden move, by role."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.permissions import check
from core.workflow import TransitionNotAllowed
from programs.models import ApplicationStatus as S
from programs.workflows import ACTION_PERMISSION, APPLICATION_WORKFLOW, Action, check_move
from tests.factories import OfficerFactory, UserFactory

EXPECTED = {
    S.DRAFT: {Action.SUBMIT: S.SUBMITTED, Action.WITHDRAW: S.WITHDRAWN},
    S.SUBMITTED: {Action.RETURN: S.RETURNED, Action.PASS_TO_REVIEW: S.UNDER_REVIEW, Action.WITHDRAW: S.WITHDRAWN},
    S.RETURNED: {Action.RESUBMIT: S.RESUBMITTED, Action.WITHDRAW: S.WITHDRAWN},
    S.RESUBMITTED: {Action.RETURN: S.RETURNED, Action.PASS_TO_REVIEW: S.UNDER_REVIEW, Action.WITHDRAW: S.WITHDRAWN},
    S.UNDER_REVIEW: {Action.APPROVE: S.APPROVED, Action.REJECT: S.REJECTED, Action.WITHDRAW: S.WITHDRAWN},
    S.APPROVED: {},
    S.REJECTED: {},
    S.WITHDRAWN: {},
}
ACTIONS = list(ACTION_PERMISSION)


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_move_in_the_table(state, action):
    expected = EXPECTED[state].get(action)
    if expected is None:
        with pytest.raises(TransitionNotAllowed) as error:
            APPLICATION_WORKFLOW.next_state(state, action)
        assert "不能执行" in error.value.messages[0]
    else:
        assert APPLICATION_WORKFLOW.next_state(state, action) == expected


APPLICANT_ACTIONS = {Action.SUBMIT, Action.RESUBMIT, Action.WITHDRAW}
OFFICER_ACTIONS = {Action.RETURN, Action.PASS_TO_REVIEW, Action.APPROVE, Action.REJECT}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["applicant", "officer", "outside_officer", "stranger", "reviewer"])
def test_who_may_make_each_move(db, action, role, applicant, draft):
    user = {
        "applicant": lambda: applicant,
        "officer": lambda: OfficerFactory(region_code="420100"),
        "outside_officer": lambda: OfficerFactory(region_code="422800"),
        "stranger": lambda: UserFactory(),
        "reviewer": lambda: UserFactory(is_reviewer=True),
    }[role]()
    decision = check(user, ACTION_PERMISSION[action], draft)
    if role == "applicant":
        assert decision.allowed == (action in APPLICANT_ACTIONS)
        assert decision.allowed or not decision.hidden  # the applicant learns why (403), not 404
    elif role == "officer":
        assert decision.allowed == (action in OFFICER_ACTIONS)
        assert decision.allowed or not decision.hidden
    else:
        assert not decision.allowed and decision.hidden  # outside scope: 404


def test_check_move_checks_permission_before_the_table(db, draft):
    stranger = UserFactory()
    from core.permissions import NotVisible

    with pytest.raises(NotVisible):
        check_move(application=draft, action=Action.APPROVE, actor=stranger)


TERMINAL = {S.APPROVED, S.REJECTED, S.WITHDRAWN}


@settings(max_examples=300)
@given(st.lists(st.sampled_from(ACTIONS), max_size=12))
def test_random_sequences_never_escape_the_table(actions):
    """Whatever sequence is attempted, the state only moves along the table; decisions only follow review; once
    decided or withdrawn nothing moves again."""
    state = S.DRAFT
    history = [state]
    for action in actions:
        if APPLICATION_WORKFLOW.can(state, action):
            new = APPLICATION_WORKFLOW.next_state(state, action)
            assert state not in TERMINAL
            if new in (S.APPROVED, S.REJECTED):
                assert state == S.UNDER_REVIEW
            if new == S.UNDER_REVIEW:
                assert state in (S.SUBMITTED, S.RESUBMITTED)
            state = new
            history.append(state)
        else:
            with pytest.raises(TransitionNotAllowed):
                APPLICATION_WORKFLOW.next_state(state, action)
    assert history.count(S.APPROVED) + history.count(S.REJECTED) <= 1
