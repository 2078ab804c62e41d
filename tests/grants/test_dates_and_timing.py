"""Dates a careless or hostile user types (a payment dated 1900, a one-day-less-than-nothing contract, a deadline in
year 1) are refused with a clear message and nothing written; money and evaluations wait for the work they follow."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from grants.models import Evaluation, EvaluationKind, Grant, Milestone, Payment
from grants.services import (
    evaluation_assign,
    grant_change_status,
    milestone_approve,
    milestone_release,
    milestone_schedule_update,
    milestone_submit,
)
from tests.factories import (
    UserFactory,
    approved_application,
    make_grant,
    mark_milestones_approved,
    pdf_upload,
)
from tests.factories.grants import grant_kwargs

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluator(db):
    return UserFactory(username="evaluator_dates", is_evaluator=True)


def _approve(milestone, member, officer):
    milestone_submit(milestone=milestone, actor=member, narrative="进展", evidence_files=[pdf_upload()])
    return milestone_approve(milestone=milestone, actor=officer)


# --- contract dates -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"start_date": datetime.date(1900, 1, 1), "end_date": datetime.date(1900, 12, 31)},
            "start_date",
            "超出合理范围",
        ),
        ({"end_date": datetime.date(9999, 12, 31)}, "end_date", "超出合理范围"),
        ({"end_date": "same as start"}, "end_date", "合同期至少为一天"),
        ({"signed_on": datetime.date(2206, 1, 1)}, "signed_on", "超出合理范围"),
        ({"signed_on": "tomorrow"}, "signed_on", "不能晚于今天"),
    ],
)
def test_absurd_contract_dates_are_refused_and_nothing_is_written(wuhan_officer, overrides, field, message):
    application = approved_application()
    today = timezone.localdate()
    kwargs = grant_kwargs(application)
    if overrides.get("end_date") == "same as start":
        overrides = {"end_date": kwargs["start_date"]}
    if overrides.get("signed_on") == "tomorrow":
        overrides = {"signed_on": today + datetime.timedelta(days=1)}
    kwargs.update(overrides)
    from grants.services import grant_create

    with pytest.raises(ValidationError) as excinfo:
        grant_create(application=application, actor=wuhan_officer, **kwargs)
    assert message in " ".join(excinfo.value.message_dict[field])
    assert not Grant.objects.exists() and not Milestone.objects.exists()


def test_contract_form_refuses_year_9999_with_400(client, wuhan_officer):
    application = approved_application()
    client.force_login(wuhan_officer)
    response = client.post(
        reverse("grants:grant_create", args=[application.pk]),
        {
            "amount": "100000.01",
            "start_date": timezone.localdate().isoformat(),
            "end_date": "9999-12-31",
            "service_regions": [r.pk for r in application.service_regions.all()],
            "signed_contract": pdf_upload("contract.pdf"),
            "contact_name": "李社工",
            "contact_phone": "13800000000",
            "bureau_contact_name": "陈静",
            "bureau_contact_phone": "027-85000000",
        },
    )
    assert response.status_code == 400
    assert "超出合理范围" in response.content.decode()
    assert not Grant.objects.exists()


def test_milestone_due_date_in_year_one_is_refused(grant, milestone, wuhan_officer):
    with pytest.raises(ValidationError) as excinfo:
        milestone_schedule_update(
            milestone=milestone, actor=wuhan_officer, due_date=datetime.date(1, 1, 1), deliverables="x"
        )
    assert "超出合理范围" in excinfo.value.message_dict["due_date"][0]


# --- payment dates ------------------------------------------------------------------------------------------------


@pytest.fixture
def approved_milestone(milestone, org_admin, wuhan_officer):
    return _approve(milestone, org_admin, wuhan_officer)


@pytest.mark.parametrize(
    ("paid_on", "message"),
    [
        (datetime.date(1900, 1, 1), "超出合理范围"),
        (timezone.localdate() + datetime.timedelta(days=1), "不能晚于今天"),
        (timezone.localdate() - datetime.timedelta(days=1), "早于合同开始日期"),
    ],
)
def test_implausible_payment_dates_are_refused(approved_milestone, wuhan_officer2, paid_on, message):
    with pytest.raises(ValidationError) as excinfo:
        milestone_release(milestone=approved_milestone, actor=wuhan_officer2, paid_on=paid_on, voucher_number="V-1")
    assert message in excinfo.value.message_dict["paid_on"][0]
    assert not Payment.objects.exists()


def test_a_payment_cannot_be_dated_before_the_milestone_was_approved(
    wuhan_officer, wuhan_officer2, org_admin, organization
):
    today = timezone.localdate()
    grant = make_grant(
        officer=wuhan_officer,
        application_kwargs={"organization": organization},
        start_date=today - datetime.timedelta(days=30),
        signed_on=today - datetime.timedelta(days=35),
    )
    milestone = _approve(grant.milestones.get(order=1), org_admin, wuhan_officer)
    with pytest.raises(ValidationError) as excinfo:
        milestone_release(
            milestone=milestone, actor=wuhan_officer2, paid_on=today - datetime.timedelta(days=3), voucher_number="V"
        )
    assert "早于节点审核通过的日期" in excinfo.value.message_dict["paid_on"][0]
    assert milestone_release(milestone=milestone, actor=wuhan_officer2, paid_on=today, voucher_number="V")


def test_no_tranche_is_released_before_the_contract_starts(
    client, wuhan_officer, wuhan_officer2, org_admin, organization
):
    """Issue 10: a tranche was released before the contract's start date."""
    today = timezone.localdate()
    grant = make_grant(
        officer=wuhan_officer,
        application_kwargs={"organization": organization},
        start_date=today + datetime.timedelta(days=10),
    )
    milestone = _approve(grant.milestones.get(order=1), org_admin, wuhan_officer)
    client.force_login(wuhan_officer2)
    response = client.post(
        reverse("grants:milestone_release", args=[milestone.pk]),
        {"paid_on": today.isoformat(), "voucher_number": "EARLY-1"},
    )
    assert response.status_code == 400
    assert "开始之前不能拨付" in response.content.decode()
    assert not Payment.objects.exists()


def test_release_form_refuses_1900_with_400(client, approved_milestone, wuhan_officer2):
    client.force_login(wuhan_officer2)
    response = client.post(
        reverse("grants:milestone_release", args=[approved_milestone.pk]),
        {"paid_on": "1900-01-01", "voucher_number": "OLD-1"},
    )
    assert response.status_code == 400
    assert "超出合理范围" in response.content.decode()
    assert not Payment.objects.exists()


# --- evaluation timing and dates ----------------------------------------------------------------------------------


def test_midterm_evaluation_waits_for_the_first_approved_milestone(grant, org_admin, wuhan_officer, evaluator):
    with pytest.raises(ValidationError) as excinfo:
        evaluation_assign(grant=grant, kind=EvaluationKind.MIDTERM, evaluator=evaluator, actor=wuhan_officer)
    assert "第一个节点审核通过" in excinfo.value.message_dict["kind"][0]
    _approve(grant.milestones.get(order=1), org_admin, wuhan_officer)
    assert evaluation_assign(grant=grant, kind=EvaluationKind.MIDTERM, evaluator=evaluator, actor=wuhan_officer)


def test_final_evaluation_waits_for_the_last_approved_milestone(client, grant, wuhan_officer, evaluator):
    """Issue 10: a final evaluation was assigned, scored and published one minute after the contract was signed."""
    mark_milestones_approved(grant, count=grant.milestones.count() - 1)
    client.force_login(wuhan_officer)
    url = reverse("grants:evaluation_assign", args=[grant.pk])
    response = client.post(url, {"kind": "final", "evaluator": evaluator.pk})
    assert response.status_code == 400
    assert "最后一个节点审核通过" in response.content.decode()
    assert not Evaluation.objects.exists()
    mark_milestones_approved(grant)
    assert client.post(url, {"kind": "final", "evaluator": evaluator.pk}).status_code == 302


def test_final_evaluation_may_be_assigned_once_the_grant_is_completed(grant, wuhan_officer, evaluator):
    Milestone.objects.filter(grant=grant).update(status="paid")
    Grant.objects.filter(pk=grant.pk).update(status="in_progress")
    grant_change_status(grant=grant, action="complete", actor=wuhan_officer)
    assert evaluation_assign(grant=grant, kind=EvaluationKind.FINAL, evaluator=evaluator, actor=wuhan_officer)


@pytest.mark.parametrize(
    ("due_date", "message"),
    [(datetime.date(1, 1, 1), "超出合理范围"), (timezone.localdate() - datetime.timedelta(days=1), "不能早于今天")],
)
def test_evaluation_due_date_must_be_sane(grant, wuhan_officer, evaluator, due_date, message):
    mark_milestones_approved(grant)
    with pytest.raises(ValidationError) as excinfo:
        evaluation_assign(
            grant=grant, kind=EvaluationKind.FINAL, evaluator=evaluator, actor=wuhan_officer, due_date=due_date
        )
    assert message in excinfo.value.message_dict["due_date"][0]
    assert not Evaluation.objects.exists()
