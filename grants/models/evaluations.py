"""Third-party evaluations (第三方评估): assigned by an officer, done by an evaluator, published by an officer."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


class EvaluationKind(models.TextChoices):
    MIDTERM = "midterm", _("中期评估")
    FINAL = "final", _("末期评估")


class EvaluationStatus(models.TextChoices):
    ASSIGNED = "assigned", _("评估中")
    SUBMITTED = "submitted", _("已提交")
    PUBLISHED = "published", _("已公开")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


def grade_for_score(score: Decimal) -> str:
    """优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, otherwise 不合格."""
    if score >= 90:
        return Grade.EXCELLENT
    if score >= 80:
        return Grade.GOOD
    if score >= 60:
        return Grade.PASS
    return Grade.FAIL


class EvaluationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EvaluationStatus.PUBLISHED)


def _report_path(instance, filename):
    return f"grants/{instance.grant.contract_number}/evaluation-{instance.kind}/{filename}"


class Evaluation(models.Model):
    grant = models.ForeignKey(
        "grants.Grant", verbose_name=_("项目合同"), on_delete=models.CASCADE, related_name="evaluations"
    )
    kind = models.CharField(_("评估类型"), max_length=10, choices=EvaluationKind.choices)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评估人员"), on_delete=models.PROTECT, related_name="evaluations"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.ASSIGNED
    )
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    report = models.FileField(_("评估报告"), storage=private_storage, upload_to=_report_path, blank=True)
    score = models.DecimalField(
        _("得分"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    grade = models.CharField(_("等级"), max_length=10, choices=Grade.choices, blank=True)
    summary = models.TextField(_("可公开的评估摘要"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("指派人"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("指派时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公开人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("第三方评估")
        verbose_name_plural = _("第三方评估")
        ordering = ["grant", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "kind"], name="evaluation_unique_kind"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                name="evaluation_score_range",
            ),
        ]

    def __str__(self):
        return f"{self.grant.contract_number} · {self.get_kind_display()}"

    @property
    def is_published(self) -> bool:
        return self.status == EvaluationStatus.PUBLISHED
