"""Celery beat reminders. Thin: each calls a service; dedup keys make a second run send nothing new."""

from core.tasks import durable_task

from .services.reminders import remind_draft_applications, remind_due_reviews


@durable_task
def remind_drafts_before_close() -> int:
    """Organizations with drafts to calls closing within 3 days (idempotent: one notification per draft and day)."""
    return remind_draft_applications()


@durable_task
def remind_reviews_due() -> int:
    """Reviewers with reviews due within 2 days or overdue (idempotent: one notification per review and day)."""
    return remind_due_reviews()
