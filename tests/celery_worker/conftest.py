"""Starts real Celery workers against the Redis broker for the tests in this folder.

Run by ``.ci/run`` with ``CELERY_BROKER_URL`` pointing at Redis, ``CELERY_TASK_ALWAYS_EAGER=false`` and
``DATABASE_URL`` at PostgreSQL; skipped otherwise (the default suite runs tasks eagerly).

The workers get a 5-second visibility timeout and look for unacknowledged messages every second (production: two
hours and every 10 × 10 s), so a message left behind by a killed worker comes back within seconds.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 5


def _worker_ready(process, deadline: float) -> bool:
    from config.celery import app

    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        replies = app.control.ping(timeout=1.0)
        if replies:
            return True
    return False


def _forget_earlier_messages() -> None:
    """Messages an earlier, interrupted run left in this Redis database (queued or unacknowledged) are dropped."""
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")


def _stop(process) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    try:  # pool children left behind by a killed worker (its own process group, see start_new_session)
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture
def start_worker():
    """A function that starts one more worker (``--pool=solo`` by default: the task runs in the process itself;
    ``pool="prefork"`` for one child process) and returns it once it answers a ping; every worker started is stopped
    at the end of the test."""
    # .ci/run sets REQUIRE_CELERY_WORKER=1 so that a misconfigured run fails instead of skipping.
    give_up = pytest.fail if os.environ.get("REQUIRE_CELERY_WORKER") else pytest.skip
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL.startswith("redis://"):
        give_up("needs CELERY_BROKER_URL=redis://… and CELERY_TASK_ALWAYS_EAGER=false")
    if connection.vendor != "postgresql":
        give_up("the worker must share the test database: run with DATABASE_URL pointing at PostgreSQL")
    _forget_earlier_messages()
    test_db = connection.settings_dict
    host, port = test_db["HOST"] or "127.0.0.1", test_db["PORT"] or 5432
    database_url = f"postgres://{test_db['USER'] or ''}@{host}:{port}/{test_db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
    }
    started = []

    def start(name: str = "ci", pool: str = "solo"):
        log = ROOT / f".celery-worker-{name}.log"
        with log.open("w") as handle:
            process = subprocess.Popen(
                [
                    sys.executable,
                    *("-m", "celery", "-A", "config", "worker", f"--pool={pool}", "--concurrency=1", "--loglevel=INFO"),
                    *("-I", "tests.celery_worker.tasks", "-n", f"{name}@%h"),
                ],
                cwd=ROOT,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: a test can kill the worker with its pool children
            )
        started.append(process)
        if not _worker_ready(process, time.monotonic() + 60):
            pytest.fail(f"the Celery worker did not start; see {log}:\n{log.read_text()[-3000:]}")
        return process

    try:
        yield start
    finally:
        for process in started:
            _stop(process)


@pytest.fixture
def celery_worker_process(start_worker):
    return start_worker()
