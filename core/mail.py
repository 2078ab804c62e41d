from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


def notification_email_send(*, notification_id: int) -> bool:
    """Send the e-mail copy of a notification, unless it was already sent or the recipient has no address."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        if notification.recipient.email:
            link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
            send_mail(
                subject=f"[关爱] {notification.subject}",
                message="\n\n".join(part for part in (notification.body, link) if part),
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        return True
