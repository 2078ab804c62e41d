from django.core import mail
from django.db import transaction

from core.models import Notification
from core.notifications import notify
from tests.factories import UserFactory


def test_notification_is_emailed_only_after_commit(db, django_capture_on_commit_callbacks):
    user = UserFactory(email="worker@example.com")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notify(recipients=[user], subject="申报书已提交", body="请等待审核。", url="/portal/")
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[关爱] 申报书已提交"
    assert Notification.objects.get().emailed_at is not None


def test_nothing_is_sent_when_the_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(recipients=[user], subject="x")
                raise ValueError
        except ValueError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_dedup_key_makes_reminders_idempotent(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            assert len(notify(recipients=[user, user], subject="提醒", dedup_key="m1:day1")) == 1
        with transaction.atomic():
            assert notify(recipients=[user], subject="提醒", dedup_key="m1:day1") == []
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
