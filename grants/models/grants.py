"""Grants (立项/项目合同): the contract that follows an approved application."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Region
from core.storage import private_storage
from programs.models import FundingSource

# Contract numbers read HBMZ-<issuing region code>-<year>-<4-digit sequence>, e.g. HBMZ-420100-2026-0007:
# HBMZ = 湖北民政, the issuing region's GB/T 2260 code, the signing year, and a sequence per region and year.
CONTRACT_PREFIX = "HBMZ"


class GrantStatus(models.TextChoices):
    SIGNED = "signed", _("已签订")
    IN_PROGRESS = "in_progress", _("执行中")
    SUSPENDED = "suspended", _("已暂停")
    COMPLETED = "completed", _("已结项")
    TERMINATED = "terminated", _("已终止")


ACTIVE_STATUSES = (GrantStatus.SIGNED, GrantStatus.IN_PROGRESS)


class GrantQuerySet(models.QuerySet):
    def in_region(self, region: Region):
        """Grants issued by ``region`` or any region below it."""
        return self.filter(issuing_region__path__startswith=region.path)

    def public(self):
        """What the public may see: every grant (contracts of public money are public), without personal data."""
        return self.all()

    def with_amounts(self):
        """Annotate ``paid_amount`` and ``unpaid_amount`` (one subquery each, no per-row queries)."""
        from .milestones import Payment

        paid = (
            Payment.objects.filter(milestone__grant=OuterRef("pk"))
            .order_by()
            .values("milestone__grant")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return self.annotate(
            paid_amount=Coalesce(models.Subquery(paid), Value(Decimal("0.00")), output_field=models.DecimalField())
        ).annotate(unpaid_amount=models.F("amount") - models.F("paid_amount"))

    def with_overdue(self, today=None):
        from .milestones import Milestone

        today = today or timezone.localdate()
        return self.annotate(has_overdue=Exists(Milestone.objects.overdue(today).filter(grant=OuterRef("pk"))))

    def overdue(self, today=None):
        return self.with_overdue(today).filter(has_overdue=True)

    def for_list(self):
        return self.select_related("call", "organization", "issuing_region", "brand_program").with_amounts()


def _contract_path(instance, filename):
    return f"grants/{instance.contract_number}/contract/{filename}"


class Grant(models.Model):
    application = models.OneToOneField(
        "programs.Application", verbose_name=_("申报书"), on_delete=models.PROTECT, related_name="grant"
    )
    call = models.ForeignKey(
        "programs.Call", verbose_name=_("申报指南"), on_delete=models.PROTECT, related_name="grants"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("承接组织"), on_delete=models.PROTECT, related_name="grants"
    )
    issuing_region = models.ForeignKey(
        Region, verbose_name=_("发包地区"), on_delete=models.PROTECT, related_name="issued_grants"
    )
    contract_number = models.CharField(_("合同编号"), max_length=40, unique=True)
    title = models.CharField(_("项目名称"), max_length=200)
    amount = models.DecimalField(_("合同金额（元）"), max_digits=14, decimal_places=2)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    funding_source = models.CharField(_("资金来源"), max_length=20, choices=FundingSource.choices)
    service_regions = models.ManyToManyField(Region, verbose_name=_("服务区域"), related_name="served_grants")
    brand_program = models.ForeignKey(
        "programs.BrandProgram",
        verbose_name=_("品牌项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    signed_contract = models.FileField(_("已签署合同"), storage=private_storage, upload_to=_contract_path)
    # Contact persons are personal data: shown to the organization and officers only, never on public pages.
    contact_name = models.CharField(_("项目负责人"), max_length=50)
    contact_phone = models.CharField(_("项目负责人电话"), max_length=30)
    bureau_contact_name = models.CharField(_("民政部门联系人"), max_length=50)
    bureau_contact_phone = models.CharField(_("民政部门联系电话"), max_length=30)
    # Renewal of a continuing service (持续性服务续签): each grant is continued at most once, so the chain is a line.
    continues = models.OneToOneField(
        "self",
        verbose_name=_("续签自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="continued_by",
    )
    status = models.CharField(_("状态"), max_length=20, choices=GrantStatus.choices, default=GrantStatus.SIGNED)
    # Why the grant was suspended or terminated; a termination reason is public.
    status_reason = models.TextField(_("状态说明"), blank=True)
    signed_on = models.DateField(_("签订日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目合同")
        verbose_name_plural = _("项目合同")
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["status", "issuing_region"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="grant_period_ordered"),
        ]

    def __str__(self):
        return f"{self.contract_number} {self.title}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_terminated(self) -> bool:
        return self.status == GrantStatus.TERMINATED

    def renewal_chain(self) -> list["Grant"]:
        """The grants of this continuing service, oldest first (a few queries: chains are short)."""
        earlier = []
        current = self.continues
        while current is not None and len(earlier) < 20:
            earlier.append(current)
            current = current.continues
        later = []
        current = getattr(self, "continued_by", None)
        while current is not None and len(later) < 20:
            later.append(current)
            current = getattr(current, "continued_by", None)
        return [*reversed(earlier), self, *later]


class ContractSequence(models.Model):
    """The last contract sequence number used per issuing region and year; locked while a number is allocated."""

    region = models.ForeignKey(Region, verbose_name=_("发包地区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    last_number = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("合同编号序列")
        verbose_name_plural = _("合同编号序列")
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="contract_sequence_unique")]

    def __str__(self):
        return f"{self.region.code}-{self.year}: {self.last_number}"
