"""Incubation (培育孵化): a region's program nurtures a young organization until it can stand on its own.

An officer of the region enrols the organization, logs the support given (training, supervision, space, seed money,
consulting, linking resources) and, when the graduation criteria (``organizations.incubation_criteria``) are met,
graduates it; or ends the incubation with a reason.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Region


class IncubationStage(models.TextChoices):
    INCUBATING = "incubating", _("孵化中")
    GRADUATED = "graduated", _("已出壳")
    ENDED = "ended", _("已终止")


class Incubation(models.Model):
    """An organization incubated (培育孵化) by a region's incubation program."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("社会组织"), on_delete=models.CASCADE, related_name="incubations"
    )
    region = models.ForeignKey(Region, verbose_name=_("孵化地区"), on_delete=models.PROTECT, related_name="incubations")
    program_name = models.CharField(_("孵化项目"), max_length=100)
    started_on = models.DateField(_("开始日期"))
    stage = models.CharField(
        _("阶段"), max_length=20, choices=IncubationStage.choices, default=IncubationStage.INCUBATING
    )
    graduated_on = models.DateField(_("出壳日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=500, blank=True)
    # What the graduation criteria said when the officer graduated it: [{"key", "label", "met", "detail"}, ...].
    graduation_record = models.JSONField(_("出壳评估记录"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("培育孵化")
        verbose_name_plural = _("培育孵化")
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(stage="incubating"),
                name="incubation_one_open_per_organization",
                violation_error_message=_("该组织已有进行中的孵化。"),
            )
        ]

    def __str__(self):
        return f"{self.organization} · {self.program_name}"

    @property
    def is_open(self) -> bool:
        return self.stage == IncubationStage.INCUBATING

    def months(self, today: datetime.date | None = None) -> int:
        """Whole months from the start to graduation, the end, or today."""
        until = self.graduated_on or self.ended_on or today or timezone.localdate()
        months = (until.year - self.started_on.year) * 12 + until.month - self.started_on.month
        if until.day < self.started_on.day:
            months -= 1
        return max(months, 0)


class SupportKind(models.TextChoices):
    TRAINING = "training", _("能力培训")
    SUPERVISION = "supervision", _("专业督导")
    SPACE = "space", _("场地设施")
    FUNDING = "funding", _("种子资金")
    CONSULTING = "consulting", _("咨询辅导（财务、法务、注册）")
    RESOURCES = "resources", _("资源对接")


class IncubationSupport(models.Model):
    """One piece of support given to an incubated organization."""

    incubation = models.ForeignKey(
        Incubation, verbose_name=_("培育孵化"), on_delete=models.CASCADE, related_name="supports"
    )
    given_on = models.DateField(_("日期"))
    kind = models.CharField(_("支持类型"), max_length=20, choices=SupportKind.choices)
    hours = models.DecimalField(
        _("时长（小时）"),
        max_digits=6,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    amount = models.DecimalField(
        _("金额（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10_000_000)],
    )
    description = models.CharField(_("内容"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("孵化支持记录")
        verbose_name_plural = _("孵化支持记录")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="incubation_support_hours_not_negative"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="incubation_support_amount_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.given_on}"
