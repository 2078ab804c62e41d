from celery import shared_task
from django.core.mail import send_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(*, email: str, subject: str, body: str) -> None:
    """E-mail an invitation link (the only place its token exists)."""
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
