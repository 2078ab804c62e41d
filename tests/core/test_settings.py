import os
import re
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
    # production.py itself refuses anything but Redis; core.E001 guards any other settings module that forgets
    result = _deploy_check(CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "CACHE_URL" in result.stdout + result.stderr or "core.E001" in result.stdout + result.stderr


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


_PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "guanai.example",
    "DATABASE_URL": "postgres://u@127.0.0.1/db",
    "BENEFICIARY_ID_HASH_KEY": "k" * 32,
}


def _production_value(expression: str, **env) -> str:
    """Evaluate an expression on the production settings in a fresh interpreter (settings are read once)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CACHE_", "PRIVATE_", "MEDIA_", "S3_"))}
    clean.update(_PRODUCTION_ENV, **env, DJANGO_SETTINGS_MODULE="config.settings.production")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings as s; print({expression})",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_shares_cache_and_sessions_between_machines():
    # Two web machines: a session or a rate-limit counter kept in one process's memory would not be seen by the other.
    assert _production_value("s.CACHES['default']['BACKEND']") == "django.core.cache.backends.redis.RedisCache"
    assert _production_value("s.CACHES['default']['LOCATION']") == "redis://127.0.0.1:6379/1"
    assert _production_value("s.SESSION_ENGINE") == "django.contrib.sessions.backends.cached_db"
    assert _production_value("s.CACHES['default']['LOCATION']", CACHE_URL="redis://cache.internal:6379/3") == (
        "redis://cache.internal:6379/3"
    )
    assert _production_value("s.STORAGES['staticfiles']['BACKEND']") == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_production_refuses_a_per_process_cache():
    result = _import_production(**_PRODUCTION_ENV, CACHE_URL="locmemcache://")
    assert result.returncode != 0 and "CACHE_URL must be a redis:// URL" in result.stderr


def test_private_files_go_to_s3_when_configured():
    env = {"PRIVATE_STORAGE": "s3", "PRIVATE_S3_BUCKET": "guanai-private", "S3_ENDPOINT_URL": "http://minio:9000"}
    assert _production_value("s.STORAGES['private']['BACKEND']", **env) == "storages.backends.s3.S3Storage"
    assert _production_value("s.STORAGES['private']['OPTIONS']['bucket_name']", **env) == "guanai-private"
    assert _production_value("s.STORAGES['private']['OPTIONS']['querystring_auth']", **env) == "True"
    # Without a bucket the start fails, instead of writing documents somewhere unexpected.
    result = _import_production(**_PRODUCTION_ENV, PRIVATE_STORAGE="s3")
    assert result.returncode != 0 and "PRIVATE_S3_BUCKET" in result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    sources = [
        *(ROOT / "config" / "settings").glob("*.py"),
        ROOT / "config" / "gunicorn.conf.py",
        ROOT / "bin" / "serve",
    ]
    read = set()
    for source in sources:
        text = source.read_text()
        read |= set(re.findall(r'env\.\w+\("([A-Z][A-Z0-9_]+)"', text))
        read |= set(re.findall(r'_(?:required|s3_options)\("([A-Z][A-Z0-9_]+)"', text))
        read |= set(re.findall(r'os\.environ\.get\("([A-Z][A-Z0-9_]+)"', text))
        read |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+):-", text))
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    not_for_deployers = {"AXES_ENABLED", "VENV"}  # the test settings; the Makefile passes VENV to bin/serve
    assert read - listed - not_for_deployers == set()
