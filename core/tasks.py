from celery import shared_task

from .mail import notification_email_send


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_notification(self, notification_id: int) -> None:
    """E-mail one notification to its recipient (once)."""
    notification_email_send(notification_id=notification_id)
