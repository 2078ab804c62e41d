"""The e-mail outbox: every e-mail the platform sends is first a row written in the transaction of the change that
caused it. A Celery task sends it after commit; when the broker is down the row simply waits for the periodic
sender (``core.tasks.send_pending_emails``), so a committed action never turns into an error page and no e-mail is
lost."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmailQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True)


class OutgoingEmail(models.Model):
    to = models.EmailField(_("收件人"))
    subject = models.CharField(_("主题"), max_length=255)
    # Erased once sent: an invitation's body carries a one-time token that must not outlive its delivery.
    body = models.TextField(_("正文"), blank=True)
    # The in-app notification this e-mail copies, if any (its ``emailed_at`` is set when this row is sent).
    notification = models.ForeignKey(
        "core.Notification",
        verbose_name=_("通知"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="outgoing_email_pending")
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"
