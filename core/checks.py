"""Deployment checks (``manage.py check --deploy``) for what the settings files cannot refuse on their own."""

from django.conf import settings
from django.core import checks

# Counters kept in one process's memory (or with a non-atomic increment) let an attacker spread attempts across
# worker processes: rate limits and the login delay need a cache every process shares.
_NOT_SHARED = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.db.DatabaseCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in _NOT_SHARED:
        return [
            checks.Error(
                f"CACHES['default'] uses {backend}, which is not shared between processes.",
                hint="Set CACHE_URL to a Redis database (redis://host:6379/1): rate limits and the login delay count "
                "there.",
                id="core.E001",
            )
        ]
    return []


def _project_tasks():
    """Every Celery task of the project (not Celery's own), after importing each app's ``tasks`` module."""
    from celery import current_app
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")
    return [task for name, task in sorted(current_app.tasks.items()) if not name.startswith("celery.")]


@checks.register()
def durable_tasks(app_configs, **kwargs):
    """Each task follows core.tasks.durable_task's policy, and Redis's visibility timeout outlasts each task's hard
    time limit (otherwise a task still running is handed to a second worker and runs twice)."""
    from django.db import OperationalError as DatabaseOperationalError

    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    errors = []
    for task in _project_tasks():
        retried = DatabaseOperationalError in getattr(task, "autoretry_for", ())
        if not (task.acks_late and task.reject_on_worker_lost and task.time_limit and task.soft_time_limit and retried):
            errors.append(
                checks.Error(
                    f"Celery task {task.name} is not declared with core.tasks.durable_task (late acknowledgement, "
                    "reject on worker lost, time limits, retries on transient errors).",
                    hint="Declare it with @durable_task instead of @shared_task.",
                    id="core.E002",
                )
            )
        elif task.time_limit >= visibility:
            errors.append(
                checks.Error(
                    f"Celery task {task.name} may run {task.time_limit} s, not less than the broker's visibility "
                    f"timeout ({visibility} s): Redis would hand it to a second worker while it still runs.",
                    hint="Raise CELERY_VISIBILITY_TIMEOUT above the longest task's hard time limit.",
                    id="core.E003",
                )
            )
    return errors
