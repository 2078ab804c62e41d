"""Rollups (汇总表) of the service data, for the pages that add it up over a region, a brand or the province.

Summing every service log and counting every enrolment on each request grows with the data (docs/benchmarks.md);
these tables hold the same figures precomputed at the granularity the pages ask for, refreshed by a Celery task
(``delivery.services.rollups``). A *scope* is the set of grants a page adds up:

- ``r:<region path>``: grants issued in a region's subtree (the dashboard, province / 市州 / county);
- ``b:<brand program id>``: a brand program's grants (the brand pages);
- ``all``: every grant (the home page).

Minutes and sessions can be summed, so ``ServiceMonth`` keeps them per scope × month × service type × form and a
period is the sum of its months. Children cannot: a child served by two grants is one child, so ``ChildCount`` keeps
distinct counts already made for each scope and each figure the pages show (total, per category, per county of
residence, per (county, township), per quarter of the first consent).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ServiceType

ALL = "all"


def region_scope(region) -> str:
    return f"r:{region.path}"


def brand_scope(brand_id) -> str:
    return f"b:{brand_id}"


class ServiceMonth(models.Model):
    scope = models.CharField(_("范围"), max_length=40)
    month = models.DateField(_("月份"))  # the first day of the month
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("服务类型"), on_delete=models.CASCADE, related_name="+"
    )
    form = models.CharField(_("服务形式"), max_length=20)
    sessions = models.PositiveIntegerField(_("服务次数"))
    minutes = models.BigIntegerField(_("服务时长（分钟）"))
    professional_minutes = models.BigIntegerField(_("专业服务时长（分钟）"))
    attendance = models.BigIntegerField(_("参与人次"))

    class Meta:
        verbose_name = _("服务时长汇总")
        verbose_name_plural = _("服务时长汇总")
        indexes = [models.Index(fields=["scope", "month"])]

    def __str__(self):
        return f"{self.scope} {self.month:%Y-%m} {self.service_type_id} {self.form}"

    @property
    def volunteer_minutes(self) -> int:
        return self.minutes - self.professional_minutes


class ChildDimension(models.TextChoices):
    TOTAL = "total", _("合计")
    CATEGORY = "category", _("儿童类别")
    COUNTY = "county", _("县市区")
    TOWNSHIP = "township", _("乡镇街道")
    QUARTER = "quarter", _("季度")


class ChildCount(models.Model):
    """Distinct children of a scope in one cell of one figure. ``key``: empty (total), a category id, a county's path,
    ``<county path>|<township name>``, or a quarter's first day (ISO)."""

    scope = models.CharField(_("范围"), max_length=40)
    dimension = models.CharField(_("维度"), max_length=10, choices=ChildDimension.choices)
    key = models.CharField(_("键"), max_length=80, blank=True)
    children = models.PositiveIntegerField(_("儿童数"))

    class Meta:
        verbose_name = _("服务儿童汇总")
        verbose_name_plural = _("服务儿童汇总")
        indexes = [models.Index(fields=["scope", "dimension"])]

    def __str__(self):
        return f"{self.scope} {self.dimension} {self.key}"


class RollupState(models.Model):
    """When the rollups were last rebuilt (one row): the pages show it as their figures' freshness, and read the live
    data instead while no rollup was ever built."""

    refreshed_at = models.DateTimeField(_("更新时间"))
    as_of = models.DateField(_("统计日期"))  # the "today" children were counted on (consent on or before it)
    seconds = models.FloatField(_("耗时（秒）"), default=0)

    class Meta:
        verbose_name = _("汇总表状态")
        verbose_name_plural = _("汇总表状态")

    def __str__(self):
        return f"{self.refreshed_at:%Y-%m-%d %H:%M}"
