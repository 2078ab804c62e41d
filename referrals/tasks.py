"""Celery tasks for referrals: thin wrappers around services."""

from celery import shared_task


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def remind_overdue_referrals() -> int:
    """Daily: remind county officers of referrals an organization has not accepted in time (idempotent)."""
    from .services import referrals_remind_overdue

    return referrals_remind_overdue()
