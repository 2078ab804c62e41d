"""Celery tasks for service data: thin wrappers around services."""

from core.tasks import TRANSIENT_ERRORS, durable_task

# Transient: the database restarting or unreachable, a storage hiccup. The write is one transaction, so an
# interrupted attempt left nothing behind and the retry writes the whole file.
TRANSIENT = (*TRANSIENT_ERRORS, OSError)

# The longest task of the project: the broker's visibility timeout stays above IMPORT_TIME_LIMIT (core.checks).
IMPORT_SOFT_TIME_LIMIT = 25 * 60
IMPORT_TIME_LIMIT = 30 * 60


@durable_task(
    bind=True,
    autoretry_for=(OSError,),
    soft_time_limit=IMPORT_SOFT_TIME_LIMIT,
    time_limit=IMPORT_TIME_LIMIT,
)
def import_batch_task(self, batch_id: int) -> str:
    """Run one import batch (idempotent: a finished batch is left alone; an interrupted one wrote nothing)."""
    from .models import ImportBatch
    from .services.imports import import_batch_abort, import_batch_run

    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return "missing"
    try:
        return import_batch_run(batch=batch).status
    except TRANSIENT:
        if self.request.retries >= self.max_retries:
            import_batch_abort(batch_id=batch_id)
        raise
    except Exception:
        import_batch_abort(batch_id=batch_id)
        raise


@durable_task(autoretry_for=(OSError,))
def anonymise_children() -> dict:
    """Nightly (CELERY_BEAT_SCHEDULE): anonymise children's files past retention. Idempotent: a rerun finds
    nothing left to change; each batch is its own transaction, audited with counts only."""
    from .services.retention import anonymise_children_past_retention

    return anonymise_children_past_retention()


# A rebuild reads every service log a few times: about a minute at the large size, far inside these limits.
ROLLUP_SOFT_TIME_LIMIT = 15 * 60
ROLLUP_TIME_LIMIT = 20 * 60


@durable_task(soft_time_limit=ROLLUP_SOFT_TIME_LIMIT, time_limit=ROLLUP_TIME_LIMIT)
def refresh_rollups() -> str:
    """Every half hour (CELERY_BEAT_SCHEDULE) and a minute after imports and log edits: rebuild the rollups the
    dashboard, the home page and the brand pages read. Idempotent: one transaction replaces every table."""
    from django.core.cache import cache

    from .services.rollups import QUEUED_KEY, rollups_refresh

    cache.delete(QUEUED_KEY)  # changes from now on queue the next rebuild
    state = rollups_refresh()
    return f"{state.refreshed_at.isoformat()} in {state.seconds} s"
