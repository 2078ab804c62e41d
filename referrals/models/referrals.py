"""Referrals (转介): a village child director reports a child's need; the platform routes it to the organization
holding an active grant that covers the township and the need, or to the county officer.

What is kept about the child is the minimum a serving organization needs to find the child: the name, the keyed hash
and the masked form of the ID number (never the clear number), gender and birth year-month, one category. The
child's file (``delivery.Beneficiary``) is linked when the ID hash finds one, or created when an organization
accepts the referral and enrols the child.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import ChildCategory, Region
from delivery.models import ConsentBy, Gender


class Need(models.TextChoices):
    GUARDIANSHIP = "guardianship", _("监护照料")
    PSYCHOLOGICAL = "psychological", _("心理情绪")
    SAFETY = "safety", _("人身安全")
    SCHOOLING = "schooling", _("就学")
    HEALTH = "health", _("医疗康复")
    BASIC_LIVING = "basic_living", _("基本生活")
    OTHER = "other", _("其他")


class Urgency(models.TextChoices):
    # 强制报告: situations a director must report to the police (abuse, violence, a child in danger now).
    URGENT = "urgent", _("紧急（人身安全受到威胁）")
    SOON = "soon", _("尽快（一周内）")
    ROUTINE = "routine", _("一般")


class ReferralStatus(models.TextChoices):
    ROUTED = "routed", _("待社会组织接收")
    WITH_OFFICER = "with_officer", _("待民政部门分派")
    ACCEPTED = "accepted", _("已接收")
    CLOSED = "closed", _("已结束")


class RouteOutcome(models.TextChoices):
    """How many grants covered the township and the need when the referral was routed."""

    ONE = "one", _("唯一承接项目")
    NONE = "none", _("无覆盖项目")
    SEVERAL = "several", _("多个项目覆盖")
    OFFICER = "officer", _("民政部门分派")


class ReferralQuerySet(models.QuerySet):
    def in_region(self, region: Region):
        return self.filter(township__path__startswith=region.path)

    def open(self):
        return self.filter(status__in=[ReferralStatus.ROUTED, ReferralStatus.WITH_OFFICER])

    def coverage_gaps(self):
        """Referrals for which no grant covered the township and the need: where services should be bought next."""
        return self.filter(route_outcome=RouteOutcome.NONE)


class Referral(models.Model):
    township = models.ForeignKey(Region, verbose_name=_("乡镇街道"), on_delete=models.PROTECT, related_name="+")
    # The township's county, kept so counts by county are one GROUP BY.
    county = models.ForeignKey(Region, verbose_name=_("县市区"), on_delete=models.PROTECT, related_name="+")
    village = models.CharField(_("村（社区）"), max_length=50, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报告人"), on_delete=models.PROTECT, related_name="referrals_reported"
    )
    # The child, as the director knows the child.
    child_name = models.CharField(_("儿童姓名"), max_length=50)
    id_hash = models.CharField(_("身份证号摘要"), max_length=64, blank=True, editable=False, db_index=True)
    id_masked = models.CharField(_("身份证号（脱敏）"), max_length=18, blank=True, editable=False)
    no_id_reason = models.CharField(_("无身份证号原因"), max_length=200, blank=True)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("出生年"))
    birth_month = models.PositiveSmallIntegerField(_("出生月"))
    category = models.ForeignKey(ChildCategory, verbose_name=_("儿童类别"), on_delete=models.PROTECT, related_name="+")
    consent_by = models.CharField(_("同意人"), max_length=20, choices=ConsentBy.choices)
    consent_date = models.DateField(_("知情同意日期"))
    beneficiary = models.ForeignKey(
        "delivery.Beneficiary",
        verbose_name=_("服务对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    # The need.
    need = models.CharField(_("需求"), max_length=20, choices=Need.choices)
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency.choices)
    description = models.TextField(_("情况说明"), max_length=500)
    # Routing.
    status = models.CharField(_("状态"), max_length=20, choices=ReferralStatus.choices)
    route_outcome = models.CharField(_("分派结果"), max_length=10, choices=RouteOutcome.choices)
    grant = models.ForeignKey(
        "grants.Grant",
        verbose_name=_("承接项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("承接组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    routed_at = models.DateTimeField(_("分派时间"), null=True, blank=True)
    accept_due = models.DateField(_("接收期限"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    # The local date of acceptance: service logs dated from it on follow the referral (a date, as logs carry).
    accepted_on = models.DateField(_("接收日期"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enrolment = models.ForeignKey(
        "delivery.Enrolment",
        verbose_name=_("服务关系"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    # Why an organization returned it, or why an officer closed it (no child data: the services refuse digit runs).
    status_note = models.CharField(_("状态说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("报告时间"), auto_now_add=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("转介")
        verbose_name_plural = _("转介")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "accept_due"]),
            models.Index(fields=["county", "status"]),
            models.Index(fields=["organization", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_month__gte=1) & Q(birth_month__lte=12), name="referral_birth_month_range"
            ),
            # Routed to an organization means a grant; with the officer means none.
            models.CheckConstraint(
                condition=~Q(status="routed") | (Q(grant__isnull=False) & Q(organization__isnull=False)),
                name="referral_routed_has_grant",
            ),
        ]

    def __str__(self):
        # Never the child's name: this string reaches audit events and notifications.
        return _("转介 %(code)s") % {"code": self.code}

    @property
    def code(self) -> str:
        return f"Z{self.pk:07d}" if self.pk else "Z-"

    @property
    def is_urgent(self) -> bool:
        return self.urgency == Urgency.URGENT


class CountyHotline(models.Model):
    """The number a director calls first in an emergency, per county (else ``REFERRALS_FALLBACK_HOTLINES``)."""

    county = models.OneToOneField(Region, verbose_name=_("县市区"), on_delete=models.CASCADE, related_name="+")
    hotline = models.CharField(_("未成年人保护热线"), max_length=40)
    note = models.CharField(_("说明"), max_length=100, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更新人"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("县级求助热线")
        verbose_name_plural = _("县级求助热线")

    def __str__(self):
        return f"{self.county} {self.hotline}"
