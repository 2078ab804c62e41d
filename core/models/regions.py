"""Administrative divisions of Hubei (GB/T 2260), as a tree with a materialized path.

``path`` holds the codes from the province down, each followed by ``/`` ("420000/420100/420102/"), so "this region
and everything below it" is one indexed prefix query: ``path__startswith=region.path``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    PREFECTURE = "prefecture", _("市州")
    COUNTY = "county", _("县市区")
    TOWNSHIP = "township", _("乡镇街道")
    VILLAGE = "village", _("村居")


class RegionQuerySet(models.QuerySet):
    def subtree(self, region: "Region"):
        """The region itself and every region below it."""
        return self.filter(path__startswith=region.path)

    def prefecture_units(self):
        """The 17 市州: 13 prefectures plus the four county-level units the province administers directly."""
        return self.exclude(prefecture_code="").filter(code=models.F("prefecture_code"))

    def counties(self):
        return self.filter(level=RegionLevel.COUNTY)


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("层级"), max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The 市州 this region rolls up to (its own code for a 市州); empty for the province.
    prefecture_code = models.CharField(_("所属市州代码"), max_length=12, blank=True)
    path = models.CharField(_("路径"), max_length=100, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("深度"), editable=False, default=0)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path if self.parent_id else ''}{self.code}/"
        self.depth = self.path.count("/") - 1
        if self.parent_id and not self.prefecture_code:
            self.prefecture_code = self.parent.prefecture_code or (
                self.code if self.level == RegionLevel.PREFECTURE else ""
            )
        super().save(*args, **kwargs)

    def contains(self, other: "Region | None") -> bool:
        """Whether ``other`` is this region or lies below it."""
        return other is not None and other.path.startswith(self.path)

    @property
    def is_prefecture_unit(self) -> bool:
        return bool(self.prefecture_code) and self.code == self.prefecture_code

    def ancestors(self):
        """Regions above this one, from the province down (one query)."""
        codes = [code for code in self.path.split("/") if code][:-1]
        return Region.objects.filter(code__in=codes).order_by("depth")

    @property
    def full_name(self) -> str:
        return "".join(r.name for r in self.ancestors()) + self.name
