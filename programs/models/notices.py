"""Public notices of award results (立项公示), shown on the call page for a number of working days
(counted with ``core.calendar.add_working_days``: weekends, public holidays and make-up working days)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Application
from .calls import Call


class PublicNotice(models.Model):
    call = models.ForeignKey(Call, verbose_name=_("申报指南"), on_delete=models.CASCADE, related_name="public_notices")
    applications = models.ManyToManyField(
        Application, verbose_name=_("公示项目"), blank=True, related_name="public_notices"
    )
    starts_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示结束日期"))
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("公示说明"), blank=True)

    class Meta:
        verbose_name = _("立项公示")
        verbose_name_plural = _("立项公示")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return f"{self.call} · {self.starts_on}—{self.ends_on}"

    def is_running(self, on: datetime.date) -> bool:
        return self.starts_on <= on <= self.ends_on

    def has_ended(self, on: datetime.date) -> bool:
        return on > self.ends_on
