"""Applications (项目申报) by organizations to calls, with their budget, planned outputs, team and frozen versions."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Avg, Count, F, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.models import ChildCategory, Region, ServiceType
from core.storage import private_storage
from organizations.models import Organization, StaffMember

from .calls import MONEY, Call


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    RESUBMITTED = "resubmitted", _("已重新提交")
    UNDER_REVIEW = "under_review", _("评审中")
    APPROVED = "approved", _("已立项")
    REJECTED = "rejected", _("未立项")
    WITHDRAWN = "withdrawn", _("已撤回")


class ApplicationQuerySet(models.QuerySet):
    def for_officer(self, user):
        """Applications to calls issued in the officer's region subtree; nothing for anyone else."""
        region = user.officer_region if user.is_authenticated else None
        if region is None:
            return self.none()
        return self.filter(call__issuing_region__path__startswith=region.path)

    def with_scores(self):
        """Annotate ``score_mean``, ``score_min``, ``score_max``, ``score_spread`` and ``review_count`` over submitted
        reviews. Correlated subqueries rather than a join and GROUP BY: a join groups every application in scope
        before a page of 25 is taken, which grows with the province's data (bench/lists.py)."""
        from .reviews import ReviewAssignment

        submitted = (
            ReviewAssignment.objects.filter(application=OuterRef("pk"), status="submitted")
            .order_by()
            .values("application")
        )

        def over_submitted(aggregate):
            return Subquery(submitted.annotate(value=aggregate).values("value")[:1])

        return self.annotate(
            score_mean=over_submitted(Avg("total_score")),
            score_min=over_submitted(Min("total_score")),
            score_max=over_submitted(Max("total_score")),
            review_count=Coalesce(over_submitted(Count("pk")), Value(0)),
        ).annotate(score_spread=F("score_max") - F("score_min"))

    def approved(self):
        return self.filter(status=ApplicationStatus.APPROVED)

    def decided(self):
        return self.filter(status__in=[ApplicationStatus.APPROVED, ApplicationStatus.REJECTED])


class Application(models.Model):
    call = models.ForeignKey(Call, verbose_name=_("申报指南"), on_delete=models.PROTECT, related_name="applications")
    organization = models.ForeignKey(
        Organization, verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="applications"
    )
    title = models.CharField(_("项目名称"), max_length=150)
    summary = models.TextField(_("项目概述"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    service_regions = models.ManyToManyField(
        Region, verbose_name=_("服务地区（县市区/乡镇）"), blank=True, related_name="applications"
    )
    duration_months = models.PositiveSmallIntegerField(_("项目周期（月）"), default=12)
    requested_amount = models.DecimalField(_("申请金额（元）"), default=Decimal("0.00"), **MONEY)
    approved_amount = models.DecimalField(_("立项金额（元）"), null=True, blank=True, **MONEY)

    # Planned outputs (产出指标) beyond children per category and hours per service type (separate tables).
    planned_cases = models.PositiveIntegerField(_("个案数"), default=0)
    planned_groups = models.PositiveIntegerField(_("小组数"), default=0)
    planned_group_sessions = models.PositiveIntegerField(_("小组节数"), default=0)
    planned_events = models.PositiveIntegerField(_("社区活动场次"), default=0)
    outcome_targets = models.TextField(_("成效目标"), blank=True)

    version = models.PositiveIntegerField(_("版本"), default=0)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    return_comment = models.TextField(_("退回意见"), blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目申报")
        verbose_name_plural = _("项目申报")
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return self.title

    def budget_total(self) -> Decimal:
        return sum((line.total for line in self.budget_lines.all()), Decimal("0.00"))

    @property
    def is_editable(self) -> bool:
        return self.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)

    @property
    def is_decided(self) -> bool:
        return self.status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)


class BudgetCategory(models.TextChoices):
    PERSONNEL = "personnel", _("人员费用")
    ACTIVITY = "activity", _("活动费用")
    MATERIALS = "materials", _("物资费用")
    TRAVEL = "travel", _("交通差旅")
    TRAINING = "training", _("培训督导")
    ADMIN = "admin", _("管理费用")
    OTHER = "other", _("其他")


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    category = models.CharField(_("预算科目"), max_length=20, choices=BudgetCategory.choices)
    item = models.CharField(_("明细"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20)
    unit_price = models.DecimalField(_("单价（元）"), **MONEY)
    quantity = models.DecimalField(_("数量"), max_digits=10, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("预算明细")
        verbose_name_plural = _("预算明细")
        ordering = ["application", "order", "id"]

    def __str__(self):
        return self.item

    @property
    def total(self) -> Decimal:
        return (self.unit_price * self.quantity).quantize(Decimal("0.01"))


class PlannedChildren(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="planned_children"
    )
    category = models.ForeignKey(ChildCategory, verbose_name=_("儿童类别"), on_delete=models.PROTECT)
    count = models.PositiveIntegerField(_("服务儿童数"))

    class Meta:
        verbose_name = _("计划服务儿童")
        verbose_name_plural = _("计划服务儿童")
        constraints = [
            models.UniqueConstraint(fields=["application", "category"], name="planned_children_unique_category")
        ]

    def __str__(self):
        return f"{self.category}: {self.count}"


class PlannedServiceHours(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="planned_hours"
    )
    service_type = models.ForeignKey(ServiceType, verbose_name=_("服务类型"), on_delete=models.PROTECT)
    hours = models.PositiveIntegerField(_("服务时长（小时）"))

    class Meta:
        verbose_name = _("计划服务时长")
        verbose_name_plural = _("计划服务时长")
        constraints = [
            models.UniqueConstraint(fields=["application", "service_type"], name="planned_hours_unique_type")
        ]

    def __str__(self):
        return f"{self.service_type}: {self.hours}"


class TeamMember(models.Model):
    """A person from the organization's roster on the project team (项目团队)."""

    application = models.ForeignKey(
        Application, verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="team"
    )
    staff_member = models.ForeignKey(
        StaffMember, verbose_name=_("专业人员"), on_delete=models.PROTECT, related_name="application_roles"
    )
    role = models.CharField(_("项目角色"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("项目团队成员")
        verbose_name_plural = _("项目团队")
        constraints = [
            models.UniqueConstraint(fields=["application", "staff_member"], name="team_member_unique_person")
        ]

    def __str__(self):
        return f"{self.staff_member} {self.role}"


def _application_attachment_path(instance, filename):
    return f"applications/{instance.application_id}/{filename}"


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("附件名称"), max_length=150)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=_application_attachment_path)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申报附件")
        verbose_name_plural = _("申报附件")
        ordering = ["application", "id"]

    def __str__(self):
        return self.title


class ApplicationVersion(models.Model):
    """A frozen copy of an application as it was submitted (each submission or resubmission is one version)."""

    application = models.ForeignKey(
        Application, verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    snapshot = models.JSONField(_("内容"))
    submitted_at = models.DateTimeField(_("提交时间"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("申报版本")
        verbose_name_plural = _("申报版本")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="application_version_unique_number")
        ]

    def __str__(self):
        return f"{self.application} v{self.number}"
