"""Starts a real Celery worker against the Redis broker for the tests in this folder.

Run by ``.ci/run`` with ``CELERY_BROKER_URL`` pointing at Redis, ``CELERY_TASK_ALWAYS_EAGER=false`` and
``DATABASE_URL`` at PostgreSQL; skipped otherwise (the default suite runs tasks eagerly).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _worker_ready(process, deadline: float) -> bool:
    from config.celery import app

    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        replies = app.control.ping(timeout=1.0)
        if replies:
            return True
    return False


@pytest.fixture
def celery_worker_process():
    # .ci/run sets REQUIRE_CELERY_WORKER=1 so that a misconfigured run fails instead of skipping.
    give_up = pytest.fail if os.environ.get("REQUIRE_CELERY_WORKER") else pytest.skip
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL.startswith("redis://"):
        give_up("needs CELERY_BROKER_URL=redis://… and CELERY_TASK_ALWAYS_EAGER=false")
    if connection.vendor != "postgresql":
        give_up("the worker must share the test database: run with DATABASE_URL pointing at PostgreSQL")
    test_db = connection.settings_dict
    host, port = test_db["HOST"] or "127.0.0.1", test_db["PORT"] or 5432
    database_url = f"postgres://{test_db['USER'] or ''}@{host}:{port}/{test_db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    log = ROOT / ".celery-worker.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO", "-n", "ci@%h"],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        if not _worker_ready(process, time.monotonic() + 60):
            pytest.fail(f"the Celery worker did not start; see {log}:\n{log.read_text()[-3000:]}")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
