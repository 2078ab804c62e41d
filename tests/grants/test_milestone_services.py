import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from core.models import AuditEvent, Notification
from core.permissions import Denied, NotVisible
from core.workflow import TransitionNotAllowed
from grants.models import GrantStatus, MilestoneStatus, Payment
from grants.services import (
    grant_change_status,
    milestone_approve,
    milestone_release,
    milestone_reminders_send,
    milestone_return,
    milestone_schedule_update,
    milestone_submit,
)
from tests.factories import MembershipFactory, UserFactory, pdf_upload
from tests.factories.grants import PDF_BYTES

pytestmark = pytest.mark.django_db


def _submit(milestone, user, files=None):
    return milestone_submit(
        milestone=milestone,
        actor=user,
        narrative="开展个案服务 20 例，小组 4 个。",
        evidence_files=[pdf_upload()] if files is None else files,
    )


def test_full_workflow_submit_return_resubmit_approve_release(milestone, org_admin, wuhan_officer, wuhan_officer2):
    milestone = _submit(milestone, org_admin)
    assert milestone.status == MilestoneStatus.SUBMITTED
    milestone.grant.refresh_from_db()
    assert milestone.grant.status == GrantStatus.IN_PROGRESS
    milestone = milestone_return(milestone=milestone, actor=wuhan_officer, comment="请补充签到表")
    assert milestone.status == MilestoneStatus.RETURNED
    assert milestone.review_comment == "请补充签到表"
    milestone = _submit(milestone, org_admin)
    assert milestone.status == MilestoneStatus.RESUBMITTED
    milestone = milestone_approve(milestone=milestone, actor=wuhan_officer)
    assert milestone.status == MilestoneStatus.APPROVED and milestone.approved_by == wuhan_officer
    payment = milestone_release(
        milestone=milestone, actor=wuhan_officer2, paid_on=timezone.localdate(), voucher_number="PZ-2026-001"
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PAID
    assert payment.amount == milestone.payment_amount
    actions = list(AuditEvent.objects.for_object(milestone).order_by("id").values_list("action", flat=True))
    assert actions == [
        "milestone.submit",
        "milestone.return",
        "milestone.resubmit",
        "milestone.approve",
        "milestone.release",
    ]
    assert milestone.evidence.count() == 2
    assert Notification.objects.filter(recipient=org_admin, subject__contains="款项已拨付").exists()


def test_approving_officer_cannot_release_the_payment(milestone, org_admin, wuhan_officer):
    _submit(milestone, org_admin)
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    with pytest.raises(Denied, match="另一位项目官员"):
        milestone_release(milestone=milestone, actor=wuhan_officer, paid_on=timezone.localdate(), voucher_number="V1")
    assert not Payment.objects.exists()


def test_second_release_of_the_same_tranche_is_refused_and_nothing_changes(
    milestone, org_admin, wuhan_officer, wuhan_officer2, province_officer
):
    _submit(milestone, org_admin)
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    milestone_release(milestone=milestone, actor=wuhan_officer2, paid_on=timezone.localdate(), voucher_number="V1")
    with pytest.raises(ValidationError, match="不能重复拨付"):
        milestone_release(
            milestone=milestone, actor=province_officer, paid_on=timezone.localdate(), voucher_number="V2"
        )
    assert Payment.objects.count() == 1
    assert AuditEvent.objects.filter(action="milestone.release").count() == 1
    release = AuditEvent.objects.get(action="milestone.release")
    assert release.details["changes"]["status"] == ["approved", "paid"]
    assert release.details["changes"]["payment"][0] is None


def test_release_needs_approval_first(milestone, org_admin, wuhan_officer2):
    _submit(milestone, org_admin)
    with pytest.raises(TransitionNotAllowed, match="不能执行“拨付”"):
        milestone_release(milestone=milestone, actor=wuhan_officer2, paid_on=timezone.localdate(), voucher_number="V")


def test_release_refuses_future_date_and_reused_voucher(grant, org_admin, wuhan_officer, wuhan_officer2):
    first, second = grant.milestones.order_by("order")[:2]
    for milestone in (first, second):
        _submit(milestone, org_admin)
        milestone_approve(milestone=milestone, actor=wuhan_officer)
    milestone_release(milestone=first, actor=wuhan_officer2, paid_on=timezone.localdate(), voucher_number="V1")
    with pytest.raises(ValidationError) as excinfo:
        milestone_release(
            milestone=second,
            actor=wuhan_officer2,
            paid_on=timezone.localdate() + datetime.timedelta(days=1),
            voucher_number="V1",
        )
    assert "已被使用" in excinfo.value.message_dict["voucher_number"][0]
    assert "不能晚于今天" in excinfo.value.message_dict["paid_on"][0]
    second.refresh_from_db()
    assert second.status == MilestoneStatus.APPROVED


def test_submission_without_evidence_is_refused(milestone, org_admin):
    with pytest.raises(ValidationError) as excinfo:
        _submit(milestone, org_admin, files=[])
    assert "至少一份佐证材料" in excinfo.value.message_dict["evidence"][0]
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING


def test_submission_without_narrative_is_refused(milestone, org_admin):
    with pytest.raises(ValidationError) as excinfo:
        milestone_submit(milestone=milestone, actor=org_admin, narrative="  ", evidence_files=[pdf_upload()])
    assert "进展说明" in excinfo.value.message_dict["narrative"][0]
    assert not milestone.evidence.exists()


def test_evidence_that_is_not_what_its_name_claims_is_refused(milestone, org_admin):
    fake = pdf_upload("签到表.pdf", content=b"just some text pretending to be a pdf" * 20)
    with pytest.raises(ValidationError) as excinfo:
        _submit(milestone, org_admin, files=[pdf_upload(), fake])
    assert "签到表.pdf" in excinfo.value.message_dict["evidence"][0]
    assert not milestone.evidence.exists()


@override_settings(MAX_UPLOAD_SIZE=100)
def test_oversized_evidence_is_refused(milestone, org_admin):
    big = pdf_upload("big.pdf", content=PDF_BYTES + b"0" * 200)
    with pytest.raises(ValidationError) as excinfo:
        _submit(milestone, org_admin, files=[big])
    assert "超过上限" in excinfo.value.message_dict["evidence"][0]


def test_only_the_organization_submits_and_only_officers_review(milestone, org_admin, wuhan_officer, enshi_officer):
    with pytest.raises(Denied, match="承接项目的社会组织"):
        _submit(milestone, wuhan_officer)
    with pytest.raises(NotVisible):
        _submit(milestone, UserFactory())
    _submit(milestone, org_admin)
    with pytest.raises(Denied, match="项目官员"):
        milestone_approve(milestone=milestone, actor=org_admin)
    with pytest.raises(NotVisible):
        milestone_approve(milestone=milestone, actor=enshi_officer)


def test_staff_member_of_the_organization_may_submit(milestone, organization):
    staff = MembershipFactory(organization=organization, role="staff").user
    assert _submit(milestone, staff).status == MilestoneStatus.SUBMITTED


def test_return_needs_a_comment(milestone, org_admin, wuhan_officer):
    _submit(milestone, org_admin)
    with pytest.raises(ValidationError) as excinfo:
        milestone_return(milestone=milestone, actor=wuhan_officer, comment="")
    assert "comment" in excinfo.value.message_dict


def test_submitting_twice_is_a_workflow_error(milestone, org_admin):
    _submit(milestone, org_admin)
    with pytest.raises(TransitionNotAllowed, match="当前状态为“已提交”"):
        _submit(milestone, org_admin)


def test_terminated_grant_refuses_every_action(grant, milestone, org_admin, wuhan_officer, wuhan_officer2):
    second = grant.milestones.get(order=2)
    _submit(second, org_admin)
    milestone_approve(milestone=second, actor=wuhan_officer)
    grant_change_status(grant=grant, action="terminate", actor=wuhan_officer, reason="服务严重不达标")
    with pytest.raises(Denied, match="已终止"):
        _submit(milestone, org_admin)
    with pytest.raises(Denied, match="已终止"):
        milestone_release(milestone=second, actor=wuhan_officer2, paid_on=timezone.localdate(), voucher_number="V9")
    with pytest.raises(Denied, match="已终止"):
        milestone_schedule_update(milestone=milestone, actor=wuhan_officer, due_date=grant.end_date, deliverables="")
    assert not Payment.objects.exists()


def test_suspended_grant_releases_nothing(grant, milestone, org_admin, wuhan_officer, wuhan_officer2):
    _submit(milestone, org_admin)
    milestone_approve(milestone=milestone, actor=wuhan_officer)
    grant_change_status(grant=grant, action="suspend", actor=wuhan_officer, reason="审计核查")
    with pytest.raises(Denied, match="暂停"):
        milestone_release(milestone=milestone, actor=wuhan_officer2, paid_on=timezone.localdate(), voucher_number="V")


def test_schedule_can_be_adjusted_until_the_first_submission(grant, milestone, org_admin, wuhan_officer):
    new_date = grant.start_date + datetime.timedelta(days=45)
    milestone_schedule_update(milestone=milestone, actor=wuhan_officer, due_date=new_date, deliverables="新的交付要求")
    milestone.refresh_from_db()
    assert milestone.due_date == new_date and milestone.deliverables == "新的交付要求"
    event = AuditEvent.objects.for_object(milestone).get(action="milestone.schedule_update")
    assert event.details["after"]["deliverables"] == "新的交付要求"
    assert event.details["before"]["deliverables"] == "第1期交付成果"
    with pytest.raises(ValidationError) as excinfo:
        milestone_schedule_update(
            milestone=milestone,
            actor=wuhan_officer,
            due_date=grant.end_date + datetime.timedelta(days=1),
            deliverables="x",
        )
    assert "合同期内" in excinfo.value.message_dict["due_date"][0]
    _submit(grant.milestones.get(order=2), org_admin)
    with pytest.raises(ValidationError, match="不能再调整"):
        milestone_schedule_update(milestone=milestone, actor=wuhan_officer, due_date=new_date, deliverables="再改")
    with pytest.raises(Denied):
        milestone_schedule_update(milestone=milestone, actor=org_admin, due_date=new_date, deliverables="x")


def _set_due(milestone, due):
    milestone.due_date = due
    milestone.save(update_fields=["due_date"])


@pytest.mark.parametrize("offset", [-7, 1, 3, 7])
def test_reminders_on_their_days_and_only_once(milestone, org_admin, offset):
    today = timezone.localdate()
    _set_due(milestone, today - datetime.timedelta(days=offset))
    assert milestone_reminders_send(today=today) == 1
    assert milestone_reminders_send(today=today) == 0
    notifications = Notification.objects.filter(recipient=org_admin, dedup_key__contains=f"milestone:{milestone.pk}")
    assert notifications.count() == 1
    expected = "将于" if offset < 0 else f"已逾期 {offset} 天"
    assert expected in notifications.get().subject


@pytest.mark.parametrize("offset", [-30, -8])
def test_no_reminders_before_the_first_stage(milestone, org_admin, offset):
    today = timezone.localdate()
    _set_due(milestone, today - datetime.timedelta(days=offset))
    assert milestone_reminders_send(today=today) == 0


@pytest.mark.parametrize(
    ("offset", "stage", "expected"),
    [(-6, -7, "将于"), (0, -7, "将于"), (2, 1, "已逾期 2 天"), (5, 3, "已逾期 5 天"), (10, 7, "已逾期 10 天")],
)
def test_a_day_the_scheduler_missed_is_caught_up(milestone, org_admin, offset, stage, expected):
    """The scheduler was down on the reminder's day: the next run sends the latest stage reached, once."""
    today = timezone.localdate()
    _set_due(milestone, today - datetime.timedelta(days=offset))
    assert milestone_reminders_send(today=today) == 1
    assert milestone_reminders_send(today=today) == 0
    notification = Notification.objects.get(recipient=org_admin)
    assert notification.dedup_key == f"grants:milestone:{milestone.pk}:reminder:{stage:+d}"
    assert expected in notification.subject


def test_a_week_of_downtime_sends_one_reminder_not_the_backlog(milestone, org_admin):
    due = timezone.localdate()
    _set_due(milestone, due)
    assert milestone_reminders_send(today=due - datetime.timedelta(days=7)) == 1  # the week-before reminder
    # Down from day 0 to day 8: the next run sends the +7 reminder only (not +1 and +3 as well).
    assert milestone_reminders_send(today=due + datetime.timedelta(days=9)) == 1
    keys = set(Notification.objects.filter(recipient=org_admin).values_list("dedup_key", flat=True))
    assert keys == {f"grants:milestone:{milestone.pk}:reminder:-7", f"grants:milestone:{milestone.pk}:reminder:+7"}


def test_officers_of_the_issuing_region_hear_once_of_a_milestone_over_14_days_overdue(
    milestone, org_admin, wuhan_officer, province_officer
):
    today = timezone.localdate()
    _set_due(milestone, today - datetime.timedelta(days=14))
    milestone_reminders_send(today=today)
    assert not Notification.objects.filter(recipient=wuhan_officer).exists()
    for day in (1, 2, 30):
        milestone_reminders_send(today=today + datetime.timedelta(days=day))
    alert = Notification.objects.get(recipient=wuhan_officer)
    assert "逾期超过 14 天" in alert.subject and "15 天" in alert.body
    assert alert.dedup_key == f"grants:milestone:{milestone.pk}:overdue-officers"
    # The province's officer is above the issuing bureau (武汉市), which has officers of its own.
    assert not Notification.objects.filter(recipient=province_officer).exists()


def test_no_officer_alert_once_the_milestone_is_submitted(milestone, org_admin, wuhan_officer):
    today = timezone.localdate()
    _set_due(milestone, today - datetime.timedelta(days=20))
    _submit(milestone, org_admin)
    Notification.objects.all().delete()
    milestone_reminders_send(today=today)
    assert not Notification.objects.filter(recipient=wuhan_officer).exists()


def test_reminder_sequence_over_the_days(milestone, org_admin):
    due = timezone.localdate()
    _set_due(milestone, due)
    sent = 0
    for day in range(-10, 12):
        for _run in range(2):  # beat fires twice: still one reminder per day
            sent += milestone_reminders_send(today=due + datetime.timedelta(days=day))
    assert sent == 4


def test_no_reminders_once_submitted_or_on_a_terminated_grant(grant, milestone, org_admin, wuhan_officer):
    today = timezone.localdate()
    _set_due(milestone, today - datetime.timedelta(days=1))
    _submit(milestone, org_admin)
    assert milestone_reminders_send(today=today) == 0
    second = grant.milestones.get(order=2)
    _set_due(second, today - datetime.timedelta(days=3))
    grant_change_status(grant=grant, action="terminate", actor=wuhan_officer, reason="终止")
    assert milestone_reminders_send(today=today) == 0


def test_the_celery_task_runs_the_reminders(milestone, org_admin):
    from grants.tasks import send_milestone_reminders

    _set_due(milestone, timezone.localdate() - datetime.timedelta(days=1))
    assert send_milestone_reminders.delay().get() == 1
    assert send_milestone_reminders.delay().get() == 0


def test_overdue_detection(grant, milestone, org_admin):
    from grants.models import Grant, Milestone

    today = timezone.localdate()
    _set_due(milestone, today - datetime.timedelta(days=2))
    assert milestone.is_overdue(today) and milestone.days_overdue(today) == 2
    assert list(Milestone.objects.overdue(today)) == [milestone]
    assert list(Grant.objects.overdue(today)) == [grant]
    _submit(milestone, org_admin)
    assert not Milestone.objects.overdue(today).exists()
