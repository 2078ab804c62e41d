import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _import_production(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=clean, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "guanai.example"}, "DATABASE_URL"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(env, missing):
    result = _import_production(**env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_starts_when_everything_is_given():
    result = _import_production(
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="guanai.example",
        DATABASE_URL="postgres://u@127.0.0.1/db",
        BENEFICIARY_ID_HASH_KEY="k" * 32,
    )
    assert result.returncode == 0, result.stderr


def _deploy_check(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="a-long-random-secret-key-for-this-check-only-0123456789abcdefghij",
        ALLOWED_HOSTS="guanai.example",
        DATABASE_URL="postgres://u@127.0.0.1/db",
        BENEFICIARY_ID_HASH_KEY="k" * 32,
        **extra,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_passes_the_deployment_checks():
    result = _deploy_check(CACHE_URL="redis://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deployment_check_refuses_a_cache_that_processes_do_not_share():
    # rate limits and the login delay count in the cache: per-process memory would multiply every limit
    result = _deploy_check()
    assert result.returncode != 0
    assert "core.E001" in result.stdout + result.stderr


def test_debug_is_off_unless_set(settings):
    from config.settings import base

    assert base.env.bool("DEBUG", default=False) is False or os.environ.get("DEBUG")
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_every_beat_entry_names_a_registered_task_and_runs_daily(settings):
    from celery.schedules import crontab

    from config.celery import app

    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
        assert isinstance(entry["schedule"], crontab), name
