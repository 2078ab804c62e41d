"""Celery tasks for grants: thin wrappers around services."""

from celery import shared_task


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def send_milestone_reminders() -> int:
    """Daily: remind organizations of milestones due in a week or 1, 3 and 7 days overdue, catching up missed days,
    and alert officers of milestones over 14 days overdue (idempotent)."""
    from .services import milestone_reminders_send

    return milestone_reminders_send()
