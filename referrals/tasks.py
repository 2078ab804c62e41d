"""Celery tasks for referrals: thin wrappers around services."""

from core.tasks import durable_task


@durable_task
def remind_overdue_referrals() -> int:
    """Daily: remind county officers of referrals an organization has not accepted in time (idempotent)."""
    from .services import referrals_remind_overdue

    return referrals_remind_overdue()
