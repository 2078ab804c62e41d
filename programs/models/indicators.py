"""Outcome indicators (成效指标) a call defines, and the targets an application promises against them.

The performance-evaluation tree of purchased services has outputs (产出), outcomes (效益) and satisfaction (满意度).
A call lists the indicators it will judge by; an application states one target per indicator, and the targets are
frozen with the application's versions. Measurements against them live in ``delivery``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("产出")
    OUTCOME = "outcome", _("效益")
    SATISFACTION = "satisfaction", _("满意度")


class IndicatorDirection(models.TextChoices):
    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class MeasuredPer(models.TextChoices):
    # Per child: a baseline (前测) and follow-ups (后测); the figure is the share of children who improved.
    CHILD = "child", _("按儿童（前测/后测）")
    # Per grant: one value for the whole project (e.g. a satisfaction survey result).
    GRANT = "grant", _("按项目")


class OutcomeIndicator(models.Model):
    call = models.ForeignKey(
        "programs.Call", verbose_name=_("申报指南"), on_delete=models.CASCADE, related_name="indicators"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    name = models.CharField(_("指标名称"), max_length=100)
    kind = models.CharField(_("指标类别"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.OUTCOME)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    direction = models.CharField(
        _("方向"), max_length=10, choices=IndicatorDirection.choices, default=IndicatorDirection.HIGHER
    )
    measured_per = models.CharField(
        _("测量方式"), max_length=10, choices=MeasuredPer.choices, default=MeasuredPer.CHILD
    )
    # Per-child indicators: the target share of children improved, in %. Per-grant: the target value in ``unit``.
    target = models.DecimalField(_("指南目标值"), max_digits=12, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("成效指标")
        verbose_name_plural = _("成效指标")
        ordering = ["call", "order", "id"]

    def __str__(self):
        return self.name

    @property
    def is_per_child(self) -> bool:
        return self.measured_per == MeasuredPer.CHILD

    @property
    def target_unit(self) -> str:
        """The unit a target is stated in: % of children improved, or the indicator's own unit."""
        return "%" if self.is_per_child else self.unit


class OutcomeTarget(models.Model):
    """What one application promises on one of its call's indicators."""

    application = models.ForeignKey(
        "programs.Application", verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="indicator_targets"
    )
    indicator = models.ForeignKey(
        OutcomeIndicator, verbose_name=_("成效指标"), on_delete=models.CASCADE, related_name="targets"
    )
    target_value = models.DecimalField(_("目标值"), max_digits=12, decimal_places=2)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("成效目标")
        verbose_name_plural = _("成效目标")
        ordering = ["application", "indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "indicator"], name="outcome_target_unique_indicator")
        ]

    def __str__(self):
        return f"{self.indicator}: {self.target_value}"
