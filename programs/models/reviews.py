"""Expert review (专家评审): assignments, conflict-of-interest declarations and scores per rubric criterion."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Application
from .calls import RubricCriterion


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", _("待声明")
    ACCEPTED = "accepted", _("评审中")
    DECLINED = "declined", _("已回避")
    SUBMITTED = "submitted", _("已提交")


class ReviewAssignment(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评审专家"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    status = models.CharField(_("状态"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.ASSIGNED)
    due_on = models.DateField(_("评审截止日期"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("分配人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    # 利益冲突声明: the reviewer declares no conflict before seeing the application, or declines with a reason.
    no_conflict_declared_at = models.DateTimeField(_("无利益冲突声明时间"), null=True, blank=True)
    decline_reason = models.TextField(_("回避理由"), blank=True)
    comment = models.TextField(_("评审意见"), blank=True)
    total_score = models.DecimalField(_("总分"), max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评审任务")
        verbose_name_plural = _("评审任务")
        ordering = ["application", "assigned_at", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="review_unique_reviewer")]

    def __str__(self):
        return f"{self.application} · {self.reviewer}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED


class CriterionScore(models.Model):
    review = models.ForeignKey(
        ReviewAssignment, verbose_name=_("评审任务"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(RubricCriterion, verbose_name=_("评分项"), on_delete=models.PROTECT)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="criterion_score_unique")]

    def __str__(self):
        return f"{self.criterion.name}: {self.score}"
