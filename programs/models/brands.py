"""Brand programs (品牌项目): named, long-running programs that calls and grants are tagged with."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Region


class BrandProgram(models.Model):
    name = models.CharField(_("品牌名称"), max_length=100, unique=True)
    slug = models.SlugField(_("标识"), max_length=60, unique=True)
    partner = models.CharField(_("合作方"), max_length=150, blank=True)
    start_year = models.PositiveSmallIntegerField(_("起始年份"))
    regions = models.ManyToManyField(Region, verbose_name=_("覆盖地区"), blank=True, related_name="brand_programs")
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = _("品牌项目")
        verbose_name_plural = _("品牌项目")
        ordering = ["start_year", "name"]

    def __str__(self):
        return self.name
