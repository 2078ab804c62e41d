"""Satisfaction surveys (满意度测评) by QR code.

- ``CallSurvey``: the questions a call asks, one list for guardians and one (with a child's wording) for children.
  A call without one uses ``surveys.questions.DEFAULT_QUESTIONS``.
- ``SurveySheet``: one printed A4 sheet for one township or activity of one grant, for one audience; it keeps a copy
  of the questions as they were when it was printed, so later edits do not change the meaning of its answers.
- ``SurveyToken``: one QR code on the sheet, answered at most once (``used_at``), until the sheet expires.
- ``SurveyResponse``: the answer to one token. Nothing in it identifies a family: scores, an optional short comment
  (no runs of digits), the time, a keyed hash of the device (user agent + address, salted per grant; never the
  address itself) and whether a signed-in member of the surveyed organization sent it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    GUARDIAN = "guardian", _("监护人")
    CHILD = "child", _("儿童")


class CallSurvey(models.Model):
    call = models.OneToOneField(
        "programs.Call", verbose_name=_("申报指南"), on_delete=models.CASCADE, related_name="survey"
    )
    guardian_questions = models.JSONField(_("监护人问卷题目"), default=list)
    child_questions = models.JSONField(_("儿童问卷题目"), default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("满意度问卷")
        verbose_name_plural = _("满意度问卷")

    def __str__(self):
        return str(self.call)


class SurveySheet(models.Model):
    grant = models.ForeignKey(
        "grants.Grant", verbose_name=_("项目合同"), on_delete=models.CASCADE, related_name="survey_sheets"
    )
    audience = models.CharField(_("作答对象"), max_length=10, choices=Audience.choices)
    label = models.CharField(_("乡镇或活动"), max_length=60)
    township = models.ForeignKey(
        "core.Region",
        verbose_name=_("乡镇街道"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    questions = models.JSONField(_("题目"), default=list)
    expires_at = models.DateTimeField(_("有效期至"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("问卷二维码表")
        verbose_name_plural = _("问卷二维码表")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.grant_id} {self.label}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class SurveyToken(models.Model):
    """One QR code. The token is kept (not only its hash) so that the sheet can be printed again: whoever holds the
    sheet holds its codes anyway, and a token only lets one anonymous answer in."""

    sheet = models.ForeignKey(SurveySheet, verbose_name=_("二维码表"), on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(_("令牌"), max_length=32, unique=True, editable=False)
    number = models.PositiveSmallIntegerField(_("序号"))
    used_at = models.DateTimeField(_("作答时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("问卷二维码")
        verbose_name_plural = _("问卷二维码")
        ordering = ["sheet", "number"]

    def __str__(self):
        return f"{self.sheet_id}-{self.number}"


class SurveyResponse(models.Model):
    token = models.OneToOneField(
        SurveyToken, verbose_name=_("二维码"), on_delete=models.PROTECT, related_name="response"
    )
    grant = models.ForeignKey(
        "grants.Grant", verbose_name=_("项目合同"), on_delete=models.CASCADE, related_name="survey_responses"
    )
    sheet = models.ForeignKey(SurveySheet, verbose_name=_("二维码表"), on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(_("作答对象"), max_length=10, choices=Audience.choices)
    scores = models.JSONField(_("评分"), default=list)  # one 1–5 score per scale question of the sheet, in order
    comment = models.CharField(_("意见建议"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    device_hash = models.CharField(_("设备摘要"), max_length=32, editable=False)
    by_member = models.BooleanField(_("本组织成员登录作答"), default=False)

    class Meta:
        verbose_name = _("问卷答卷")
        verbose_name_plural = _("问卷答卷")
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["grant", "submitted_at"])]

    def __str__(self):
        return f"{self.grant_id} #{self.pk}"

    @property
    def mean_score(self) -> float:
        return sum(self.scores) / len(self.scores) if self.scores else 0.0
