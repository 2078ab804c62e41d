"""The whole path through the services: submit → return → resubmit → review → decide → notice."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEvent, Notification
from programs.models import ApplicationStatus, ApplicationVersion, ReviewStatus
from programs.selectors import notice_has_ended
from programs.services.applications import application_submit
from programs.services.decisions import application_approve, application_reject, notice_publish
from programs.services.reviews import review_assign, review_declare_no_conflict, review_submit
from programs.services.screening import application_pass_to_review, application_return
from tests.programs.helpers import close_call, reviewed


def _scores(call, value_of=lambda c: c.weight - 5):
    return {c.pk: value_of(c) for c in call.rubric_criteria.all()}


def test_full_path(draft, applicant, wuhan_officer, reviewers, monkeypatch):
    application = application_submit(application=draft, actor=applicant)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.version == 1
    assert Notification.objects.filter(recipient=wuhan_officer, subject__contains=draft.title).exists()

    application = application_return(application=application, actor=wuhan_officer, comment="请补充预算说明")
    assert application.status == ApplicationStatus.RETURNED
    assert Notification.objects.filter(recipient=applicant, subject__contains="退回").exists()

    application.summary = "补充了预算说明。"
    application.save()
    application = application_submit(application=application, actor=applicant)
    assert application.status == ApplicationStatus.RESUBMITTED
    versions = list(ApplicationVersion.objects.filter(application=application).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].snapshot["summary"] != versions[1].snapshot["summary"]

    application = application_pass_to_review(application=application, actor=wuhan_officer)
    assignments = review_assign(application=application, reviewers=reviewers, actor=wuhan_officer)
    assert len(assignments) == 2
    for assignment, reviewer in zip(assignments, reviewers, strict=True):
        review_declare_no_conflict(assignment=assignment, actor=reviewer)
        review_submit(assignment=assignment, actor=reviewer, scores=_scores(draft.call), comment="方案可行")

    close_call(draft.call)
    application = application_approve(
        application=application, actor=wuhan_officer, amount=Decimal("48000.00"), reason="评分排名第一"
    )
    assert application.status == ApplicationStatus.APPROVED
    assert application.approved_amount == Decimal("48000.00")
    assert Notification.objects.filter(recipient=applicant, subject__contains="立项结果").exists()

    monday = datetime.date(2026, 11, 30)
    with monkeypatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: monday)
        notice = notice_publish(call=draft.call, actor=wuhan_officer, starts_on=monday)
    assert notice.ends_on == datetime.date(2026, 12, 4)
    assert not notice_has_ended(application, on=datetime.date(2026, 12, 4))
    assert notice_has_ended(application, on=datetime.date(2026, 12, 5))
    assert AuditEvent.objects.filter(action="programs.application_approve").count() == 1
    changes = AuditEvent.objects.get(action="programs.application_approve").details["changes"]
    assert changes["status"] == [ApplicationStatus.UNDER_REVIEW.value, ApplicationStatus.APPROVED.value]
    assert changes["approved_amount"] == [None, "48000.00"]
    assert changes["decided_by"] == [None, wuhan_officer.pk]


def test_submission_after_close_lists_reason_and_keeps_draft(draft, applicant):
    call = draft.call
    call.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    call.save()
    with pytest.raises(ValidationError) as error:
        application_submit(application=draft, actor=applicant)
    assert any("截止" in m for m in error.value.messages)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.budget_lines.count() == 1


def test_submission_one_second_after_close_by_server_clock(draft, applicant):
    closes = draft.call.closes_at
    with pytest.raises(ValidationError):
        application_submit(application=draft, actor=applicant, now=closes + datetime.timedelta(seconds=1))
    submitted = application_submit(application=draft, actor=applicant, now=closes - datetime.timedelta(seconds=1))
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_second_submission_of_same_version_is_refused(draft, applicant):
    application_submit(application=draft, actor=applicant)
    with pytest.raises(ValidationError) as error:
        application_submit(application=draft, actor=applicant)
    assert "已提交" in error.value.messages[0]
    assert ApplicationVersion.objects.filter(application=draft).count() == 1


def test_return_needs_a_comment(draft, applicant, wuhan_officer):
    application_submit(application=draft, actor=applicant)
    with pytest.raises(ValidationError) as error:
        application_return(application=draft, actor=wuhan_officer, comment="  ")
    assert "退回意见" in str(error.value)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED


def test_decision_needs_enough_submitted_reviews(draft, applicant, wuhan_officer, reviewers):
    application_submit(application=draft, actor=applicant)
    application_pass_to_review(application=draft, actor=wuhan_officer)
    assignments = review_assign(application=draft, reviewers=reviewers, actor=wuhan_officer)
    review_declare_no_conflict(assignment=assignments[0], actor=reviewers[0])
    review_submit(assignment=assignments[0], actor=reviewers[0], scores=_scores(draft.call), comment="好")
    close_call(draft.call)
    with pytest.raises(ValidationError) as error:
        application_approve(application=draft, actor=wuhan_officer, amount=Decimal("1000"), reason="好")
    assert "至少需要 2 份" in str(error.value)


def test_reject_needs_reason_and_notifies(draft, applicant, wuhan_officer, reviewers):
    reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    close_call(draft.call)
    with pytest.raises(ValidationError):
        application_reject(application=draft, actor=wuhan_officer, reason="")
    rejected = application_reject(application=draft, actor=wuhan_officer, reason="与指南方向不符")
    assert rejected.status == ApplicationStatus.REJECTED
    assert Notification.objects.filter(recipient=applicant, body="与指南方向不符").exists()


def test_review_status_after_declaring(draft, applicant, wuhan_officer, reviewers):
    application_submit(application=draft, actor=applicant)
    application_pass_to_review(application=draft, actor=wuhan_officer)
    assignment = review_assign(application=draft, reviewers=reviewers, actor=wuhan_officer)[0]
    assert assignment.status == ReviewStatus.ASSIGNED
    assert review_declare_no_conflict(assignment=assignment, actor=reviewers[0]).status == ReviewStatus.ACCEPTED
