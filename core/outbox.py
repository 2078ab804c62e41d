"""Sending e-mail through the outbox (``core.OutgoingEmail``).

``email_queue`` writes the e-mail as a pending row inside the caller's transaction and, after commit, asks Celery to
send it. Asking may fail (the broker is down): that is logged and the committed action carries on, because the row
is still pending and ``outgoing_emails_send_pending`` (a periodic task) sends it later. Each row is sent at most
once: the sender locks it (``skip_locked``, so the task and the periodic sender never wait on each other) and sets
``sent_at`` in the same transaction.
"""

import datetime
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification, OutgoingEmail

logger = logging.getLogger(__name__)

# A row that failed this many times (a bad address, a refusing server) is left for an administrator to look at.
MAX_ATTEMPTS = 10
# The periodic sender leaves young rows to the task queued on commit, so the two rarely race for the same row.
PENDING_GRACE = datetime.timedelta(minutes=1)


def email_queue(*, to: str, subject: str, body: str, notification: Notification | None = None) -> OutgoingEmail:
    """Record an e-mail as pending in the current transaction; queue its sending after commit."""
    email = OutgoingEmail.objects.create(to=to, subject=str(subject)[:255], body=str(body), notification=notification)
    transaction.on_commit(lambda pk=email.pk: _enqueue(pk))
    return email


def _enqueue(email_id: int) -> None:
    from .tasks import send_outgoing_email

    try:
        send_outgoing_email.delay(email_id)
    except Exception:  # any broker error (kombu OperationalError, redis ConnectionError, OSError …): never a 500
        logger.warning("could not queue e-mail %s; the periodic sender will send it", email_id, exc_info=True)


def outgoing_email_send(*, email_id: int) -> bool:
    """Send one pending e-mail, once. Returns whether it was sent now. A failure is recorded on the row (attempts,
    last error) and left for the periodic sender to retry."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id, sent_at=None).first()
        if email is None:  # already sent, or being sent right now by another worker
            return False
        email.attempts += 1
        try:
            send_mail(subject=email.subject, message=email.body, from_email=None, recipient_list=[email.to])
        except Exception as error:  # the SMTP server's refusal is recorded, not raised: the row stays pending
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            email.save(update_fields=["attempts", "last_error"])
            logger.warning("sending e-mail %s failed (attempt %s)", email.pk, email.attempts, exc_info=True)
            return False
        now = timezone.now()
        email.sent_at = now
        email.body = ""
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "body", "last_error"])
        if email.notification_id:
            Notification.objects.filter(pk=email.notification_id).update(emailed_at=now)
        return True


def outgoing_emails_send_pending(*, limit: int = 500) -> int:
    """Send the pending e-mails older than a minute (the ones whose task was never queued or failed); returns how
    many were sent."""
    cutoff = timezone.now() - PENDING_GRACE
    ids = list(
        OutgoingEmail.objects.pending()
        .filter(created_at__lte=cutoff, attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(outgoing_email_send(email_id=pk) for pk in ids)
