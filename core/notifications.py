"""In-app notifications with an e-mail copy. Both are written inside the caller's transaction (the e-mail as a pending
row of the outbox, ``core.outbox``), so nothing is sent for a change that rolled back, and a broker that is down
after commit delays the e-mail instead of losing it."""

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import Notification
from .outbox import email_queue


def notify(*, recipients: Iterable, subject: str, body: str = "", url: str = "", dedup_key: str = "") -> list:
    """Notify each recipient once. With ``dedup_key``, a recipient who already has a notification with that key gets
    nothing new (reminders stay idempotent even if their task runs twice)."""
    created = []
    for recipient in {r.pk: r for r in recipients if r is not None}.values():
        if dedup_key:
            try:
                with transaction.atomic():
                    notification = Notification.objects.create(
                        recipient=recipient, subject=str(subject), body=str(body), url=url, dedup_key=dedup_key
                    )
            except IntegrityError:
                continue
        else:
            notification = Notification.objects.create(
                recipient=recipient, subject=str(subject), body=str(body), url=url
            )
        created.append(notification)
        if recipient.email:
            link = f"{settings.SITE_URL}{url}" if url else ""
            email_queue(
                to=recipient.email,
                subject=f"[关爱] {subject}",
                body="\n\n".join(part for part in (str(body), link) if part),
                notification=notification,
            )
    return created


def notification_mark_read(*, notification: Notification) -> None:
    from django.utils import timezone

    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    from django.utils import timezone

    return user.notifications.unread().update(read_at=timezone.now())
