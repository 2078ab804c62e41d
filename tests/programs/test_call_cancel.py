"""Cancelling a published call (refused once projects are approved; applicants are told why) and cutting its budget."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import Notification
from programs.models import ApplicationStatus, CallStatus
from programs.services.calls import call_cancel
from tests.factories import MembershipFactory, OrganizationFactory
from tests.factories.programs import ApplicationFactory


def test_a_call_with_an_approved_project_cannot_be_cancelled(client, call, draft, wuhan_officer):
    draft.status = ApplicationStatus.APPROVED
    draft.save()
    client.force_login(wuhan_officer)
    response = client.post(reverse("programs:officer_call_cancel", args=[call.pk]), {"reason": "资金调整"}, follow=True)
    assert "已有立项项目的申报指南不能撤销。" in response.content.decode()
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED


def test_applicants_hear_that_the_call_was_cancelled_and_why(
    call, draft, applicant, wuhan_officer, django_capture_on_commit_callbacks
):
    withdrawn_org = OrganizationFactory(region_code="420102")
    withdrawn_member = MembershipFactory(organization=withdrawn_org).user
    ApplicationFactory(call=call, organization=withdrawn_org, status=ApplicationStatus.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True):
        call_cancel(call=call, actor=wuhan_officer, reason="上级资金未到位")
    notice = Notification.objects.get(recipient=applicant)
    assert call.title in notice.subject and "上级资金未到位" in notice.body
    assert not Notification.objects.filter(recipient=withdrawn_member).exists()


def test_cancelling_needs_a_reason(call, wuhan_officer):
    with pytest.raises(ValidationError) as error:
        call_cancel(call=call, actor=wuhan_officer, reason="  ")
    assert "撤销理由" in str(error.value)
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED


def test_the_budget_cannot_drop_below_what_is_already_approved(call, draft, wuhan_officer):
    from decimal import Decimal

    from programs.services.calls import call_save

    draft.status = ApplicationStatus.APPROVED
    draft.approved_amount = Decimal("150000.00")
    draft.save()
    call.total_budget = Decimal("100000.00")
    call.per_project_cap = Decimal("100000.00")
    with pytest.raises(ValidationError) as error:
        call_save(
            call=call,
            actor=wuhan_officer,
            criteria=list(call.rubric_criteria.all()),
            tranches=list(call.tranche_templates.all()),
        )
    assert "不能少于已立项金额 150,000.00 元" in str(error.value)
    call.refresh_from_db()
    assert call.total_budget == Decimal("1000000.00")
