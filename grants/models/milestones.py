"""Milestones (节点) with their payment tranches, the evidence organizations submit, and payments (拨付)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("待提交")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    RESUBMITTED = "resubmitted", _("已重新提交")
    APPROVED = "approved", _("已通过")
    PAID = "paid", _("已拨付")


# Not yet (re)submitted: a milestone in one of these states past its due date is overdue.
AWAITING_ORGANIZATION = (MilestoneStatus.PENDING, MilestoneStatus.RETURNED)


class MilestoneQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None):
        """Past the due date, not (re)submitted, on a grant that is still running."""
        from .grants import ACTIVE_STATUSES

        today = today or timezone.localdate()
        return self.filter(status__in=AWAITING_ORGANIZATION, due_date__lt=today, grant__status__in=ACTIVE_STATUSES)

    def in_region(self, region):
        return self.filter(grant__issuing_region__path__startswith=region.path)


class Milestone(models.Model):
    grant = models.ForeignKey(
        "grants.Grant", verbose_name=_("项目合同"), on_delete=models.CASCADE, related_name="milestones"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("节点名称"), max_length=100)
    deliverables = models.TextField(_("交付要求"), blank=True)
    due_date = models.DateField(_("截止日期"))
    percentage = models.DecimalField(_("拨付比例（%）"), max_digits=5, decimal_places=2)
    payment_amount = models.DecimalField(_("拨付金额（元）"), max_digits=14, decimal_places=2)
    status = models.CharField(
        _("状态"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    narrative = models.TextField(_("进展说明"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核通过人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["grant", "order"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "order"], name="milestone_unique_order"),
            models.CheckConstraint(condition=Q(payment_amount__gt=0), name="milestone_amount_positive"),
        ]

    def __str__(self):
        return f"{self.grant.contract_number} · {self.title}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        from .grants import ACTIVE_STATUSES

        today = today or timezone.localdate()
        return self.status in AWAITING_ORGANIZATION and self.due_date < today and self.grant.status in ACTIVE_STATUSES

    def days_overdue(self, today: datetime.date | None = None) -> int:
        today = today or timezone.localdate()
        return max((today - self.due_date).days, 0)


def _evidence_path(instance, filename):
    return f"grants/{instance.milestone.grant.contract_number}/milestone-{instance.milestone.order}/{filename}"


class MilestoneEvidence(models.Model):
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("项目节点"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("佐证材料"), storage=private_storage, upload_to=_evidence_path)
    original_name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("节点佐证材料")
        verbose_name_plural = _("节点佐证材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Payment(models.Model):
    """One released tranche (拨付). One per milestone, enforced by the database as well as by the service."""

    milestone = models.OneToOneField(
        Milestone, verbose_name=_("项目节点"), on_delete=models.PROTECT, related_name="payment"
    )
    amount = models.DecimalField(_("拨付金额（元）"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("拨付日期"))
    voucher_number = models.CharField(_("凭证号"), max_length=50, unique=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("拨付人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("拨付记录")
        verbose_name_plural = _("拨付记录")
        ordering = ["paid_on", "id"]

    def __str__(self):
        return f"{self.voucher_number} {self.amount}"
