"""Which sessions a user has open, so they can see them and end the ones they do not recognise."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """One signed-in session (a row of Django's database sessions, by key) and where it comes from."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="signin_sessions"
    )
    session_key = models.CharField(_("会话标识"), max_length=40, unique=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("登录时间"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("最近活动"))

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user} · {self.ip_address or '-'}"
