"""Official exceptions to the Monday–Friday working week: public holidays on weekdays and make-up working days
(调休) on weekends, as the State Council's yearly notice sets them. Platform admins enter each new year."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"), help_text=_("法定节假日选“否”，周末调休上班选“是”。"))
    name = models.CharField(_("说明"), max_length=50, help_text=_("例如：国庆节、春节调休上班"))

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"
