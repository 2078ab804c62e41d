"""Random sequences of moves by random roles through the real services: a move happens only when the table and the
actor's role allow it; otherwise the service refuses (403/404/invalid move) and nothing changes."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs.models import Application, ApplicationStatus, ApplicationVersion
from programs.services.applications import application_submit, application_withdraw
from programs.services.decisions import application_approve, application_reject
from programs.services.screening import application_pass_to_review, application_return
from programs.workflows import APPLICATION_WORKFLOW, Action
from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory
from tests.factories.programs import ApplicationFactory, CallFactory, ReviewerFactory
from tests.programs.helpers import close_call, reviewed

ROLES = ["applicant", "officer", "outsider"]
MOVES = {
    Action.SUBMIT: lambda a, u: application_submit(application=a, actor=u),
    Action.WITHDRAW: lambda a, u: application_withdraw(application=a, actor=u),
    Action.RETURN: lambda a, u: application_return(application=a, actor=u, comment="请修改"),
    Action.PASS_TO_REVIEW: lambda a, u: application_pass_to_review(application=a, actor=u),
    Action.APPROVE: lambda a, u: application_approve(application=a, actor=u, amount=Decimal("1000"), reason="好"),
    Action.REJECT: lambda a, u: application_reject(application=a, actor=u, reason="不符"),
}
MAY = {
    "applicant": {Action.SUBMIT, Action.RESUBMIT, Action.WITHDRAW},
    "officer": {Action.RETURN, Action.PASS_TO_REVIEW, Action.APPROVE, Action.REJECT},
    "outsider": set(),
}


class _Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(ROLES), st.sampled_from(list(MOVES))), min_size=1, max_size=8))
def test_random_moves_through_services(moves):
    try:
        with transaction.atomic():
            organization = OrganizationFactory()
            people = {
                "applicant": MembershipFactory(organization=organization, user=UserFactory()).user,
                "officer": OfficerFactory(region_code="420100"),
                "outsider": OfficerFactory(region_code="422800"),
            }
            reviewers = [ReviewerFactory(), ReviewerFactory()]
            application = ApplicationFactory(call=CallFactory(), organization=organization)
            reviewed_already = False
            for role, action in moves:
                before = Application.objects.get(pk=application.pk)
                if action == Action.SUBMIT and before.status == ApplicationStatus.RETURNED:
                    action = Action.RESUBMIT  # one button: the service resubmits a returned application
                versions = ApplicationVersion.objects.filter(application=application).count()
                expected = (
                    APPLICATION_WORKFLOW.next_state(before.status, action)
                    if APPLICATION_WORKFLOW.can(before.status, action) and action in MAY[role]
                    else None
                )
                if expected in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED) and not reviewed_already:
                    reviewed(before, applicant=people["applicant"], officer=people["officer"], reviewers=reviewers)
                    close_call(before.call)  # decisions wait for the call to close
                    reviewed_already = True
                try:
                    MOVES[Action.SUBMIT if action == Action.RESUBMIT else action](before, people[role])
                except (ValidationError, PermissionDenied, Http404):
                    after = Application.objects.get(pk=application.pk)
                    assert expected is None, (role, action, before.status)
                    assert after.status == before.status
                    assert ApplicationVersion.objects.filter(application=application).count() == versions
                else:
                    after = Application.objects.get(pk=application.pk)
                    assert expected is not None, (role, action, before.status)
                    assert after.status == expected
            raise _Rollback
    except _Rollback:
        pass
