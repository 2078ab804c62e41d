"""A task for the real-worker tests only: the workers started by ``conftest.py`` load it with ``-I``.

It does what a reminder task does (a notification with a dedup key, whose e-mail goes through the outbox after
commit), inside one transaction; on its first delivery it records its process id in ``pause_file`` and then holds
the transaction open, so that the test can kill the worker in the middle of the task.
"""

import os
import time
from pathlib import Path

from django.db import transaction

from core.models import User
from core.notifications import notify
from core.tasks import durable_task


@durable_task(name="tests.celery_worker.notify_once", soft_time_limit=60, time_limit=90)
def notify_once(user_id: int, key: str, pause_file: str = "") -> int:
    user = User.objects.get(pk=user_id)
    with transaction.atomic():
        created = notify(recipients=[user], subject="任务通知", body=key, dedup_key=key)
        marker = Path(pause_file) if pause_file else None
        if marker is not None and marker.parent.is_dir() and not marker.exists():
            marker.write_text(str(os.getpid()))
            time.sleep(30)  # the test kills the worker here, with the notification written but not committed
    return len(created)
