"""Eligibility rules at submission: each failed rule is listed with its reason, and nothing changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations.models import AnnualResult, AnnualStatus, Rating, VerificationStatus
from programs.eligibility import organization_failures, submission_failures
from programs.models import ApplicationStatus
from programs.services.applications import application_create, application_submit
from tests.factories import region


def _rules(failures):
    return {f.rule for f in failures}


def test_eligible_application_has_no_failures(draft):
    assert submission_failures(draft) == []


def test_unverified_organization_cannot_apply(call, applicant_org, applicant):
    applicant_org.verification_status = VerificationStatus.PENDING
    applicant_org.save()
    with pytest.raises(ValidationError) as error:
        application_create(call=call, organization=applicant_org, actor=applicant, title="新项目")
    assert "尚未通过认证" in error.value.messages[0]
    assert not applicant_org.applications.exists()


def test_rating_below_minimum_or_expired(call, applicant_org):
    call.min_rating = Rating.A4
    applicant_org.rating = Rating.A3
    assert "rating" in _rules(organization_failures(call, applicant_org))
    applicant_org.rating = Rating.A5
    applicant_org.rating_expires_on = timezone.localdate() - datetime.timedelta(days=1)
    failures = organization_failures(call, applicant_org)
    assert "rating" in _rules(failures)
    assert "已过期" in failures[0].message
    applicant_org.rating_expires_on = timezone.localdate() + datetime.timedelta(days=1)
    assert organization_failures(call, applicant_org) == []


def test_years_registered(call, applicant_org):
    call.min_years_registered = 3
    today = timezone.localdate()
    applicant_org.registered_on = today.replace(year=today.year - 3) + datetime.timedelta(days=1)
    failures = organization_failures(call, applicant_org)
    assert "years_registered" in _rules(failures)
    assert "要求登记满 3 年" in failures[0].message
    applicant_org.registered_on = today.replace(year=today.year - 3) - datetime.timedelta(days=1)
    assert organization_failures(call, applicant_org) == []


def test_annual_status_of_last_year_must_be_passed(call, applicant_org):
    call.require_annual_status_passed = True
    last_year = timezone.localdate().year - 1
    assert "annual_status" in _rules(organization_failures(call, applicant_org))
    status = AnnualStatus.objects.create(
        organization=applicant_org, year=last_year, result=AnnualResult.FAILED, confirmed_at=timezone.now()
    )
    assert "不合格" in organization_failures(call, applicant_org)[0].message
    status.result = AnnualResult.PASSED
    status.save()
    assert organization_failures(call, applicant_org) == []


def test_an_annual_pass_counts_only_once_an_officer_confirmed_it(call, applicant_org):
    """The organization types its own result: until an officer confirms it, it proves nothing."""
    call.require_annual_status_passed = True
    last_year = timezone.localdate().year - 1
    status = AnnualStatus.objects.create(organization=applicant_org, year=last_year, result=AnnualResult.PASSED)
    failures = organization_failures(call, applicant_org)
    assert _rules(failures) == {"annual_status"}
    assert "待项目官员确认" in failures[0].message and "经项目官员确认" in failures[0].message
    status.confirmed_at = timezone.now()
    status.save()
    assert organization_failures(call, applicant_org) == []


def test_service_region_outside_the_issuer(draft):
    draft.service_regions.add(region("422801"))  # 恩施市, outside Wuhan
    failures = submission_failures(draft)
    assert _rules(failures) == {"service_regions"}
    assert "恩施市" in failures[0].message and "武汉市" in failures[0].message


def test_every_failed_rule_is_listed_at_once(draft, applicant):
    call = draft.call
    call.min_rating = Rating.A5
    call.min_years_registered = 50
    call.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    call.save()
    draft.budget_lines.all().delete()
    with pytest.raises(ValidationError) as error:
        application_submit(application=draft, actor=applicant)
    messages = error.value.messages
    assert len(messages) >= 4
    assert any("截止" in m for m in messages)
    assert any("评估等级" in m for m in messages)
    assert any("登记年限" in m for m in messages)
    assert any("预算明细" in m for m in messages)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT and draft.version == 0


def test_close_time_is_judged_by_the_server_clock_in_shanghai(draft, applicant):
    # 17:00 Shanghai is 09:00 UTC: one second past it is late whatever the browser's clock says.
    closes = timezone.make_aware(datetime.datetime(2026, 12, 1, 17, 0, 0))
    call = draft.call
    call.opens_at = closes - datetime.timedelta(days=30)
    call.closes_at = closes
    call.save()
    assert closes.astimezone(datetime.UTC).hour == 9
    late = submission_failures(draft, now=closes + datetime.timedelta(seconds=1))
    assert _rules(late) == {"time"}
    assert "2026-12-01 17:00:00" in late[0].message
    assert submission_failures(draft, now=closes - datetime.timedelta(seconds=1)) == []


def test_duration_over_contract_length(draft):
    draft.duration_months = 13
    assert "duration" in _rules(submission_failures(draft))
