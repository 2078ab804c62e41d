"""A task queued by a service after commit is executed by a real worker process through Redis."""

import time

import pytest
from django.db import transaction

from core.models import Notification
from core.notifications import notify
from tests.factories import UserFactory

# Committing transactions (the worker reads what the test wrote); serialized_rollback restores the data the
# migrations loaded, for the tests that run after these.
pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_notification_email_is_sent_by_the_worker_after_commit(celery_worker_process):
    user = UserFactory(email="org@example.com")
    with transaction.atomic():
        (notification,) = notify(recipients=[user], subject="申报书已提交", url="/portal/")
    assert _wait_for(lambda: Notification.objects.get(pk=notification.pk).emailed_at is not None)


def test_nothing_reaches_the_worker_when_the_transaction_rolls_back(celery_worker_process):
    user = UserFactory(email="org@example.com")
    with pytest.raises(ValueError), transaction.atomic():
        notify(recipients=[user], subject="回滚")
        raise ValueError
    assert not Notification.objects.exists()
    # and a later committed notification still goes through, so the queue is alive
    with transaction.atomic():
        (later,) = notify(recipients=[user], subject="之后")
    assert _wait_for(lambda: Notification.objects.get(pk=later.pk).emailed_at is not None)
