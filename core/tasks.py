from celery import shared_task

from .outbox import outgoing_email_send, outgoing_emails_send_pending


@shared_task
def send_outgoing_email(email_id: int) -> bool:
    """Send one e-mail of the outbox (once). A failure stays on the row for ``send_pending_emails``."""
    return outgoing_email_send(email_id=email_id)


@shared_task
def send_pending_emails() -> int:
    """Every five minutes: send what the outbox still holds (the broker was down, or sending failed)."""
    return outgoing_emails_send_pending()
