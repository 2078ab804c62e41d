"""Calls for proposals (申报指南): what a bureau buys, for whom, with how much money, under which rules."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import validate_plausible_date
from core.models import ChildCategory, Region, ServiceType
from core.storage import private_storage
from organizations.models import Rating

from .brands import BrandProgram

MONEY = {"max_digits": 14, "decimal_places": 2}
# An award is never decided unseen: every application needs at least one submitted expert review.
MIN_REVIEWERS = 1


class FundingSource(models.TextChoices):
    FISCAL = "fiscal", _("财政资金")
    WELFARE_LOTTERY = "welfare_lottery", _("福彩公益金")
    CHARITY = "charity", _("慈善资金")
    CENTRAL = "central", _("中央专项")
    OTHER = "other", _("其他")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CANCELLED = "cancelled", _("已撤销")


class CallPhase(models.TextChoices):
    """Derived from the clock for a published call."""

    UPCOMING = "upcoming", _("即将开始")
    OPEN = "open", _("申报中")
    CLOSED = "closed", _("已截止")


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CallStatus.PUBLISHED)

    def upcoming(self, now=None):
        return self.published().filter(opens_at__gt=now or timezone.now())

    def open(self, now=None):
        now = now or timezone.now()
        return self.published().filter(opens_at__lte=now, closes_at__gt=now)

    def closed(self, now=None):
        return self.published().filter(closes_at__lte=now or timezone.now())

    def in_phase(self, phase: str, now=None):
        return {"upcoming": self.upcoming, "open": self.open, "closed": self.closed}[phase](now)

    def issued_in(self, region: Region):
        """Calls issued by a bureau in ``region``'s subtree."""
        return self.filter(issuing_region__path__startswith=region.path)

    def for_region(self, region: Region):
        """Calls whose issuing region covers ``region`` (an organization there could serve under them)."""
        codes = [code for code in region.path.split("/") if code]
        return self.filter(issuing_region__code__in=codes)


class Call(models.Model):
    issuing_region = models.ForeignKey(
        Region, verbose_name=_("发布地区"), on_delete=models.PROTECT, related_name="calls"
    )
    issuing_bureau = models.CharField(_("发布单位"), max_length=100, blank=True)
    title = models.CharField(_("标题"), max_length=150)
    summary = models.TextField(_("摘要"), blank=True)
    funding_source = models.CharField(_("资金来源"), max_length=20, choices=FundingSource.choices)
    total_budget = models.DecimalField(_("资金总额（元）"), **MONEY)
    per_project_cap = models.DecimalField(_("单个项目上限（元）"), **MONEY)
    # The range check keeps a typed 0001-01-01 out: PostgreSQL stores it as a BC timestamp Python cannot read back.
    opens_at = models.DateTimeField(_("申报开始时间"), validators=[validate_plausible_date])
    closes_at = models.DateTimeField(_("申报截止时间"), validators=[validate_plausible_date])
    brand_program = models.ForeignKey(
        BrandProgram,
        verbose_name=_("品牌项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    child_categories = models.ManyToManyField(ChildCategory, verbose_name=_("服务儿童类别"), blank=True)
    service_types = models.ManyToManyField(ServiceType, verbose_name=_("服务类型"), blank=True)

    # Eligibility (申报条件)
    min_rating = models.CharField(_("最低评估等级"), max_length=2, choices=Rating.choices, blank=True, default="")
    min_years_registered = models.PositiveSmallIntegerField(_("最少登记年限（年）"), default=0)
    require_annual_status_passed = models.BooleanField(_("要求上一年度年检合格"), default=True)
    require_service_region_inside = models.BooleanField(_("要求服务地区在发布地区内"), default=True)

    min_reviewers = models.PositiveSmallIntegerField(
        _("每个申报最少评审专家数"), default=2, validators=[MinValueValidator(MIN_REVIEWERS)]
    )
    is_continuing_service = models.BooleanField(_("持续性服务项目"), default=False)
    contract_months = models.PositiveSmallIntegerField(_("合同期限（月）"), default=12)
    notice_working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)

    status = models.CharField(_("状态"), max_length=12, choices=CallStatus.choices, default=CallStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("申报指南")
        verbose_name_plural = _("申报指南")
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["status", "opens_at", "closes_at"])]

    def __str__(self):
        return self.title

    @property
    def max_contract_months(self) -> int:
        """Purchased services run at most a year, or three years for a continuing service."""
        return 36 if self.is_continuing_service else 12

    def phase(self, now=None) -> str | None:
        """upcoming / open / closed for a published call; None for a draft or cancelled one."""
        if self.status != CallStatus.PUBLISHED:
            return None
        now = now or timezone.now()
        if now < self.opens_at:
            return CallPhase.UPCOMING
        if now < self.closes_at:
            return CallPhase.OPEN
        return CallPhase.CLOSED

    @property
    def current_phase(self) -> str | None:
        return self.phase()

    @property
    def current_phase_label(self) -> str:
        phase = self.phase()
        return CallPhase(phase).label if phase else self.get_status_display()

    def is_open(self, now=None) -> bool:
        return self.phase(now) == CallPhase.OPEN

    @property
    def rubric_total(self) -> Decimal:
        return sum((c.weight for c in self.rubric_criteria.all()), Decimal("0"))

    @property
    def tranche_total(self) -> Decimal:
        return sum((t.percentage for t in self.tranche_templates.all()), Decimal("0"))


class RubricCriterion(models.Model):
    """One line of the scoring rubric (评分标准); a reviewer's score on it is between 0 and its weight."""

    call = models.ForeignKey(Call, verbose_name=_("申报指南"), on_delete=models.CASCADE, related_name="rubric_criteria")
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    name = models.CharField(_("评分项"), max_length=100)
    weight = models.DecimalField(_("分值"), max_digits=5, decimal_places=2)
    description = models.TextField(_("评分说明"), blank=True)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分标准")
        ordering = ["call", "order", "id"]

    def __str__(self):
        return f"{self.name}（{self.weight}）"


class TrancheTemplate(models.Model):
    """One payment tranche and its milestone (拨付节点) as the call foresees it; grants copy these."""

    call = models.ForeignKey(
        Call, verbose_name=_("申报指南"), on_delete=models.CASCADE, related_name="tranche_templates"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    title = models.CharField(_("节点名称"), max_length=100)
    percentage = models.DecimalField(_("拨付比例（%）"), max_digits=5, decimal_places=2)
    due_after_months = models.PositiveSmallIntegerField(_("项目开始后第几个月"), default=0)
    deliverables = models.TextField(_("应交成果"), blank=True)

    class Meta:
        verbose_name = _("拨付节点")
        verbose_name_plural = _("拨付节点模板")
        ordering = ["call", "order", "id"]

    def __str__(self):
        return f"{self.title}（{self.percentage}%）"


def _call_attachment_path(instance, filename):
    return f"calls/{instance.call_id}/{filename}"


class CallAttachment(models.Model):
    call = models.ForeignKey(Call, verbose_name=_("申报指南"), on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("附件名称"), max_length=150)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=_call_attachment_path)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("指南附件")
        verbose_name_plural = _("指南附件")
        ordering = ["call", "id"]

    def __str__(self):
        return self.title
