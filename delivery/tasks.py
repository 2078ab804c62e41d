"""Celery tasks for service data: thin wrappers around services."""

from celery import shared_task
from django.db import OperationalError

# Transient: the database restarting or unreachable, a storage hiccup. The write is one transaction, so an
# interrupted attempt left nothing behind and the retry writes the whole file.
TRANSIENT = (OperationalError, OSError)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,  # a worker killed mid-import puts the message back for another worker
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def import_batch_task(self, batch_id: int) -> str:
    """Run one import batch (idempotent: a finished batch is left alone)."""
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


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def anonymise_children() -> dict:
    """Nightly (CELERY_BEAT_SCHEDULE): anonymise children's files past retention. Idempotent: a rerun finds
    nothing left to change; each batch is its own transaction, audited with counts only."""
    from .services.retention import anonymise_children_past_retention

    return anonymise_children_past_retention()
