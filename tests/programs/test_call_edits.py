"""Editing a call: at least one reviewer (audited when changed), a rubric frozen once scored, dates in a sane range."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from programs.models import Call, CriterionScore
from programs.services.calls import call_save
from programs.services.decisions import application_approve, application_reject
from tests.factories import region
from tests.factories.programs import CallFactory
from tests.programs.helpers import reviewed, to_review
from tests.programs.test_browser_path import call_post_data

# --- min_reviewers: never 0, in the form, the model and the services (item 3) ---


def test_the_call_form_refuses_zero_reviewers(client, wuhan_officer):
    client.force_login(wuhan_officer)
    data = call_post_data(region("420100").pk, min_reviewers="0")
    response = client.post(reverse("programs:officer_call_create"), data)
    assert response.status_code == 400
    assert not Call.objects.filter(title=data["title"]).exists()


def test_the_call_service_refuses_zero_reviewers_whoever_calls_it(call, wuhan_officer):
    call.min_reviewers = 0
    with pytest.raises(ValidationError) as error:
        call_save(call=call, actor=wuhan_officer)
    assert "最少评审专家数：至少为 1" in str(error.value.message_dict["min_reviewers"])
    call.refresh_from_db()
    assert call.min_reviewers == 2


def test_the_model_refuses_zero_reviewers(call):
    call.min_reviewers = 0
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "min_reviewers" in error.value.message_dict


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_no_decision_without_a_submitted_review_even_if_a_call_row_says_zero(
    call, draft, applicant, wuhan_officer, decide
):
    # A call stored with 0 before the rule existed (or written around the services).
    Call.objects.filter(pk=call.pk).update(min_reviewers=0)
    to_review(draft, applicant=applicant, officer=wuhan_officer)
    with pytest.raises(ValidationError) as error:
        if decide == "approve":
            application_approve(application=draft, actor=wuhan_officer, amount=Decimal("1000"), reason="好")
        else:
            application_reject(application=draft, actor=wuhan_officer, reason="不符")
    assert "至少需要 1 份已提交的评审意见，当前 0 份" in str(error.value)
    draft.refresh_from_db()
    assert draft.status == "under_review"


def test_changing_min_reviewers_is_audited_before_and_after(call, wuhan_officer):
    call.min_reviewers = 3
    call_save(call=call, actor=wuhan_officer)
    event = AuditEvent.objects.filter(action="programs.call_update").latest("pk")
    assert event.details["changes"] == {"min_reviewers": [2, 3]}


# --- the rubric is frozen once a review scored it (item 4) ---


@pytest.fixture
def scored_call(call, draft, applicant, wuhan_officer, reviewers):
    reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    assert CriterionScore.objects.filter(criterion__call=call).exists()
    return call


def _edit_data(call, **overrides):
    data = call_post_data(call.issuing_region.pk)
    data.update(
        title=call.title,
        opens_at=timezone.localtime(call.opens_at).strftime("%Y-%m-%dT%H:%M"),
        closes_at=timezone.localtime(call.closes_at).strftime("%Y-%m-%dT%H:%M"),
        total_budget=str(call.total_budget),
        per_project_cap=str(call.per_project_cap),
    )
    data.update(overrides)
    return data


def test_a_scored_rubric_is_shown_frozen_and_other_fields_still_save(client, scored_call, wuhan_officer):
    client.force_login(wuhan_officer)
    url = reverse("programs:officer_call_edit", args=[scored_call.pk])
    page = client.get(url).content.decode()
    assert "评分标准已冻结" in page
    assert 'name="rubric-0-weight"' not in page
    criteria_before = list(scored_call.rubric_criteria.values_list("pk", "name", "weight"))
    response = client.post(url, _edit_data(scored_call, title="修订后的申报指南"))
    assert response.status_code == 302
    scored_call.refresh_from_db()
    assert scored_call.title == "修订后的申报指南"
    assert list(scored_call.rubric_criteria.values_list("pk", "name", "weight")) == criteria_before


def test_the_service_refuses_a_new_rubric_once_scored(scored_call, wuhan_officer):
    from programs.models import RubricCriterion

    scored_call.title = "改标题"
    with pytest.raises(ValidationError) as error:
        call_save(
            call=scored_call,
            actor=wuhan_officer,
            criteria=[RubricCriterion(name="全新评分项", weight=Decimal(100))],
        )
    assert "评分标准已冻结" in str(error.value)
    scored_call.refresh_from_db()
    assert scored_call.title != "改标题"
    assert scored_call.rubric_criteria.count() == 4


# --- dates in a sane range (item 5) ---


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [("opens_at", "0001-01-01T00:00", "0001-01-01"), ("closes_at", "9999-12-31T00:00", "9999-12-31")],
)
def test_the_call_form_refuses_an_implausible_date(client, wuhan_officer, field, value, shown):
    client.force_login(wuhan_officer)
    data = call_post_data(region("420100").pk, **{field: value})
    response = client.post(reverse("programs:officer_call_create"), data)
    assert response.status_code == 400
    assert f"日期 {shown} 超出合理范围" in response.content.decode()
    assert not Call.objects.filter(title=data["title"]).exists()


def test_the_call_service_refuses_an_implausible_date(wuhan_officer):
    call = CallFactory.build(
        issuing_region=region("420100"),
        opens_at=datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError) as error:
        call_save(call=call, actor=wuhan_officer)
    assert "超出合理范围" in str(error.value.message_dict["opens_at"])
    assert not Call.objects.filter(title=call.title).exists()


def test_the_django_admin_cannot_change_a_call_behind_call_save(client, call):
    """The admin used to save a call (and its rubric and tranches) without the rules or the audit log."""
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("admin:programs_call_change", args=[call.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("programs:officer_call_edit", args=[call.pk]) in page.content.decode()
    response = client.post(url, {"title": "改名", "opens_at_0": "0001-01-01", "opens_at_1": "00:00:00"})
    assert response.status_code == 403
    call.refresh_from_db()
    assert call.title != "改名"
    assert client.get(reverse("admin:programs_call_add")).status_code == 403
