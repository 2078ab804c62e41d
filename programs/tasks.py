"""Celery beat reminders. Thin: each calls a service; dedup keys make a second run send nothing new."""

from celery import shared_task

from .services.reminders import remind_draft_applications, remind_due_reviews


@shared_task
def remind_drafts_before_close() -> int:
    """Organizations with drafts to calls closing within 3 days."""
    return remind_draft_applications()


@shared_task
def remind_reviews_due() -> int:
    """Reviewers with reviews due within 2 days or overdue."""
    return remind_due_reviews()
