"""Decisions wait for the call to close; officers never see an organization's draft, whichever URL they try."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programs.models import ApplicationStatus
from programs.services.applications import application_submit
from programs.services.decisions import application_approve, application_reject, notice_publish
from tests.programs.helpers import close_call, reviewed


def test_an_application_cannot_be_approved_or_rejected_while_its_call_is_open(
    draft, applicant, wuhan_officer, reviewers
):
    application = reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    assert application.call.is_open()
    for decide, kwargs in (
        (application_approve, {"amount": "40000", "reason": "好"}),
        (application_reject, {"reason": "不好"}),
    ):
        with pytest.raises(ValidationError) as error:
            decide(application=application, actor=wuhan_officer, **kwargs)
        assert "申报尚未截止" in str(error.value)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW


def test_the_decision_form_says_why_while_the_call_is_open(client, draft, applicant, wuhan_officer, reviewers):
    application = reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    client.force_login(wuhan_officer)
    response = client.post(
        reverse("programs:officer_application_decide", args=[application.pk]),
        {"decision": "approve", "amount": "40000", "reason": "排名第一"},
    )
    assert response.status_code == 400
    assert "申报尚未截止" in response.content.decode()


def test_no_notice_while_the_call_is_open(draft, applicant, wuhan_officer, reviewers):
    application = reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    close_call(application.call)
    application_approve(application=application, actor=wuhan_officer, amount="40000", reason="好")
    call = application.call
    call.closes_at = call.closes_at.replace(year=call.closes_at.year + 1)  # an officer reopened it
    call.save(update_fields=["closes_at"])
    with pytest.raises(ValidationError) as error:
        notice_publish(call=call, actor=wuhan_officer)
    assert "申报尚未截止" in str(error.value)
    assert not call.public_notices.exists()


def test_an_officer_sees_no_draft_by_either_url(client, draft, applicant, wuhan_officer):
    client.force_login(wuhan_officer)
    assert client.get(reverse("programs:officer_application_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("programs:application_detail", args=[draft.pk])).status_code == 404
    application_submit(application=draft, actor=applicant)
    assert client.get(reverse("programs:officer_application_detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("programs:application_detail", args=[draft.pk])).status_code == 200
