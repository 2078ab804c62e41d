"""A worker killed (SIGKILL) in the middle of a task loses nothing and repeats nothing: the message, acknowledged
only after the task (``acks_late``), comes back from Redis after the visibility timeout, a second worker runs it,
and the work is done exactly once; a duplicate delivery of the same work changes nothing."""

import os
import signal
import time

import pytest

from core.models import Notification, OutgoingEmail
from tests.celery_worker.tasks import notify_once
from tests.factories import UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _emailed(key: str) -> bool:
    return Notification.objects.filter(dedup_key=key, emailed_at__isnull=False).exists()


def test_a_task_interrupted_by_a_killed_worker_is_done_once_by_the_next(start_worker, tmp_path):
    started = time.monotonic()
    user = UserFactory(email="officer@example.com")
    pause = tmp_path / "first-delivery"

    # prefork: the main process takes the message and a child runs the task (as in production); a message that is
    # acknowledged early would be acknowledged by now, before the task ran.
    first = start_worker("first", pool="prefork")
    notify_once.delay(user.pk, "kill-test", str(pause))
    assert _wait_for(pause.exists, 20), "the first worker never started the task"
    assert int(pause.read_text()) != first.pid  # the child process runs it
    os.killpg(first.pid, signal.SIGKILL)  # the whole worker, children included: the machine went away
    first.wait(timeout=10)
    # Its transaction died with it: nothing was written, and the message was not acknowledged.
    assert not Notification.objects.exists()
    assert not OutgoingEmail.objects.exists()

    start_worker("second")
    assert _wait_for(lambda: _emailed("kill-test"), 40), "the message did not come back to the second worker"

    # The same work delivered again (a duplicate message) does nothing twice; a later task shows the queue moved on.
    notify_once.delay(user.pk, "kill-test")
    notify_once.delay(user.pk, "after")
    assert _wait_for(lambda: _emailed("after"), 20)
    assert Notification.objects.filter(dedup_key="kill-test").count() == 1
    assert OutgoingEmail.objects.filter(notification__dedup_key="kill-test").count() == 1
    assert OutgoingEmail.objects.filter(notification__dedup_key="kill-test", sent_at__isnull=False).count() == 1
    assert time.monotonic() - started < 60
