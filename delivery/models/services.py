"""Service logs (服务记录) and outcome measurements (成效测量): what was delivered, and what changed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import ServiceType

# A single log covers at most one working day (12 hours): longer entries are typing errors (minutes vs hours).
MAX_MINUTES = 720


class ServiceForm(models.TextChoices):
    CASE = "case", _("个案")
    GROUP = "group", _("小组")
    EVENT = "event", _("社区活动")
    HOME_VISIT = "home_visit", _("家访")
    PHONE = "phone", _("电话访问")


# Forms about one child; the others are about a group of children present (attendees + head count).
INDIVIDUAL_FORMS = (ServiceForm.CASE, ServiceForm.HOME_VISIT, ServiceForm.PHONE)
COLLECTIVE_FORMS = (ServiceForm.GROUP, ServiceForm.EVENT)


class ServiceLogQuerySet(models.QuerySet):
    def professional(self):
        return self.filter(staff_member__isnull=False)

    def volunteer(self):
        return self.filter(staff_member__isnull=True)

    def until(self, day):
        return self.filter(date__lte=day) if day else self


class ServiceLog(models.Model):
    grant = models.ForeignKey(
        "grants.Grant", verbose_name=_("项目合同"), on_delete=models.PROTECT, related_name="service_logs"
    )
    date = models.DateField(_("服务日期"))
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("服务类型"), on_delete=models.PROTECT, related_name="+"
    )
    form = models.CharField(_("服务形式"), max_length=20, choices=ServiceForm.choices)
    minutes = models.PositiveSmallIntegerField(_("服务时长（分钟）"))
    # Exactly one of the two: hours by roster staff count as professional hours, a volunteer's apart.
    staff_member = models.ForeignKey(
        "organizations.StaffMember",
        verbose_name=_("服务人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_logs",
    )
    volunteer_name = models.CharField(_("志愿者姓名"), max_length=50, blank=True)
    beneficiary = models.ForeignKey(
        "delivery.Beneficiary",
        verbose_name=_("服务对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_logs",
    )
    attendees = models.ManyToManyField(
        "delivery.Beneficiary", verbose_name=_("参与儿童"), blank=True, related_name="attended_logs"
    )
    head_count = models.PositiveIntegerField(_("参与人数"), default=0)
    # The sessions of one group (小组) share its name, so groups × sessions can be counted against the plan.
    group_name = models.CharField(_("小组名称"), max_length=50, blank=True)
    township = models.CharField(_("乡镇街道"), max_length=50, blank=True)
    village = models.CharField(_("村（社区）"), max_length=50, blank=True)
    notes = models.TextField(_("服务记录"), blank=True)
    import_batch = models.ForeignKey(
        "delivery.ImportBatch",
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_logs",
    )
    # sha256 of the normalised row (imports); empty for logs entered one by one.
    row_key = models.CharField(_("行摘要"), max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ServiceLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-date", "-id"]
        # A grant's logs newest first, and the id that breaks ties: a page of the list (or a page 10,000 deep) is read
        # from this index alone, without a sort of all the grant's logs (docs/benchmarks.md, deep pagination).
        indexes = [models.Index(fields=["grant", "date", "id"], name="service_log_grant_date_id")]
        constraints = [
            # The same imported row twice adds nothing; rows entered by hand have no key.
            models.UniqueConstraint(
                fields=["grant", "row_key"], condition=~Q(row_key=""), name="service_log_unique_row"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=MAX_MINUTES), name="service_log_minutes_range"
            ),
            models.CheckConstraint(
                condition=(Q(staff_member__isnull=False) & Q(volunteer_name=""))
                | (Q(staff_member__isnull=True) & ~Q(volunteer_name="")),
                name="service_log_staff_or_volunteer",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.get_form_display()} {self.minutes}′"

    @property
    def is_volunteer(self) -> bool:
        return self.staff_member_id is None

    @property
    def is_collective(self) -> bool:
        return self.form in COLLECTIVE_FORMS


class MeasurementPhase(models.TextChoices):
    BASELINE = "baseline", _("前测")
    FOLLOWUP = "followup", _("后测")
    SINGLE = "single", _("单次")


class MeasurementMethod(models.TextChoices):
    SCALE = "scale", _("量表")
    SURVEY = "survey", _("问卷调查")
    RECORD = "record", _("记录统计")
    OBSERVATION = "observation", _("观察评估")
    OTHER = "other", _("其他")


class OutcomeMeasurement(models.Model):
    """One value of one indicator: for a child (baseline or follow-up) or for the whole grant (single)."""

    indicator = models.ForeignKey(
        "programs.OutcomeIndicator", verbose_name=_("成效指标"), on_delete=models.PROTECT, related_name="measurements"
    )
    grant = models.ForeignKey(
        "grants.Grant", verbose_name=_("项目合同"), on_delete=models.PROTECT, related_name="measurements"
    )
    beneficiary = models.ForeignKey(
        "delivery.Beneficiary",
        verbose_name=_("服务对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    phase = models.CharField(_("测量阶段"), max_length=10, choices=MeasurementPhase.choices)
    value = models.DecimalField(_("测量值"), max_digits=12, decimal_places=2)
    measured_on = models.DateField(_("测量日期"))
    method = models.CharField(
        _("测量方法"), max_length=20, choices=MeasurementMethod.choices, default=MeasurementMethod.SCALE
    )
    import_batch = models.ForeignKey(
        "delivery.ImportBatch",
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measurements",
    )
    row_key = models.CharField(_("行摘要"), max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("成效测量")
        verbose_name_plural = _("成效测量")
        ordering = ["-measured_on", "-id"]
        indexes = [models.Index(fields=["grant", "indicator", "beneficiary", "measured_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "row_key"], condition=~Q(row_key=""), name="measurement_unique_row"
            )
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.get_phase_display()} {self.value}"
