"""Celery tasks for grants: thin wrappers around services."""

from core.tasks import durable_task


@durable_task
def send_milestone_reminders() -> int:
    """Daily: remind organizations of milestones due in a week or 1, 3 and 7 days overdue, catching up missed days,
    and alert officers of milestones over 14 days overdue (idempotent)."""
    from .services import milestone_reminders_send

    return milestone_reminders_send()
