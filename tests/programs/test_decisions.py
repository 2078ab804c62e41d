"""Decisions against the call budget, and the public notice."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.calendar import add_working_days
from programs.models import ApplicationStatus
from programs.selectors import notice_has_ended
from programs.services.decisions import application_approve, notice_publish
from tests.factories import MembershipFactory, UserFactory
from tests.factories.organizations import OrganizationFactory
from tests.factories.programs import ApplicationFactory
from tests.programs.helpers import close_call, reviewed


def test_deciding_beyond_the_remaining_budget_is_refused(call, applicant, applicant_org, wuhan_officer, reviewers):
    call.total_budget = Decimal("80000.00")
    call.save()
    first = reviewed(
        ApplicationFactory(call=call, organization=applicant_org),
        applicant=applicant,
        officer=wuhan_officer,
        reviewers=reviewers,
    )
    other_org = OrganizationFactory()
    other_admin = MembershipFactory(organization=other_org, user=UserFactory()).user
    second = reviewed(
        ApplicationFactory(call=call, organization=other_org),
        applicant=other_admin,
        officer=wuhan_officer,
        reviewers=reviewers,
    )
    close_call(call)
    application_approve(application=first, actor=wuhan_officer, amount=Decimal("50000.00"), reason="好")
    with pytest.raises(ValidationError) as error:
        application_approve(application=second, actor=wuhan_officer, amount=Decimal("30000.01"), reason="好")
    assert "超过本指南剩余资金 30,000.00 元" in str(error.value)
    second.refresh_from_db()
    assert second.status == ApplicationStatus.UNDER_REVIEW
    application_approve(application=second, actor=wuhan_officer, amount=Decimal("30000.00"), reason="好")


def test_amount_over_cap_or_request_is_refused(draft, applicant, wuhan_officer, reviewers):
    application = reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    close_call(application.call)
    with pytest.raises(ValidationError) as error:
        application_approve(application=application, actor=wuhan_officer, amount=Decimal("50000.01"), reason="x")
    assert "超过申请金额 50,000.00 元" in str(error.value)
    with pytest.raises(ValidationError):
        application_approve(application=application, actor=wuhan_officer, amount=Decimal("0"), reason="x")


def test_decision_form_over_budget_is_400(client, draft, applicant, wuhan_officer, reviewers):
    application = reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    call = application.call
    call.total_budget = Decimal("1000.00")
    call.per_project_cap = Decimal("1000.00")
    call.save()
    close_call(call)
    client.force_login(wuhan_officer)
    response = client.post(
        reverse("programs:officer_application_decide", args=[application.pk]),
        {"decision": "approve", "amount": "1000.01", "reason": "排名靠前"},
    )
    assert response.status_code == 400
    assert "超过单个项目上限" in response.content.decode()
    assert "排名靠前" in response.content.decode()


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (datetime.date(2026, 11, 30), 5, datetime.date(2026, 12, 4)),  # Monday → Friday
        (datetime.date(2026, 12, 3), 5, datetime.date(2026, 12, 9)),  # Thursday → next Wednesday
        (datetime.date(2026, 12, 5), 5, datetime.date(2026, 12, 11)),  # Saturday → counts from Monday
        (datetime.date(2026, 12, 4), 1, datetime.date(2026, 12, 4)),
        (datetime.date(2026, 9, 28), 5, datetime.date(2026, 10, 9)),  # 国庆节 1–7 October is not counted
        (datetime.date(2026, 9, 24), 3, datetime.date(2026, 9, 29)),  # 中秋节: Friday 25 September is off
        (datetime.date(2026, 10, 9), 2, datetime.date(2026, 10, 10)),  # Saturday 10 October is a make-up working day
    ],
)
def test_notice_periods_count_real_working_days(db, start, days, end):
    assert add_working_days(start, days) == end


def test_notice_lists_approved_and_ends_after_its_working_days(
    client, draft, applicant, wuhan_officer, reviewers, monkeypatch
):
    application = reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    close_call(application.call)
    with pytest.raises(ValidationError):
        notice_publish(call=application.call, actor=wuhan_officer)  # nothing approved yet
    application = application_approve(
        application=application, actor=wuhan_officer, amount=Decimal("40000"), reason="好"
    )
    monday_before_national_day = datetime.date(2026, 9, 28)
    with monkeypatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: monday_before_national_day)
        notice = notice_publish(call=application.call, actor=wuhan_officer, starts_on=monday_before_national_day)
    assert notice.ends_on == datetime.date(2026, 10, 9)  # 28–30 Sept, then 8 and 9 October after the holiday
    assert not notice_has_ended(application, on=datetime.date(2026, 10, 9))
    assert notice_has_ended(application, on=datetime.date(2026, 10, 10))
    with pytest.raises(ValidationError):
        notice_publish(call=application.call, actor=wuhan_officer)  # already announced


def test_not_approved_never_has_an_ended_notice(draft):
    assert not notice_has_ended(draft, on=datetime.date(2099, 1, 1))


def test_a_backdated_notice_is_refused_and_the_officer_keeps_the_typed_text(
    client, draft, applicant, wuhan_officer, reviewers
):
    application = reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    close_call(application.call)
    application_approve(application=application, actor=wuhan_officer, amount=Decimal("40000"), reason="好")
    client.force_login(wuhan_officer)
    url = reverse("programs:officer_notice_publish", args=[application.call.pk])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(url, {"text": "拟立项项目公示如下", "starts_on": yesterday.isoformat()})
    assert response.status_code == 400
    body = response.content.decode()
    assert "公示开始日期：不能早于今天。" in body
    assert "拟立项项目公示如下" in body
    assert not application.call.public_notices.exists()


def test_the_notice_form_shows_only_when_approved_projects_await_it(client, call, wuhan_officer):
    client.force_login(wuhan_officer)
    body = client.get(reverse("programs:officer_call_detail", args=[call.pk])).content.decode()
    assert "没有待公示的立项项目。" in body
    assert reverse("programs:officer_notice_publish", args=[call.pk]) not in body
