"""Excel imports (导入批次): one uploaded workbook, its progress and its outcome (the import service is in
``delivery.services.imports``)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


class ImportKind(models.TextChoices):
    CHILDREN = "children", _("服务对象")
    SERVICE_LOGS = "service_logs", _("服务记录")
    MEASUREMENTS = "measurements", _("成效测量")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    SUCCEEDED = "succeeded", _("已导入")
    FAILED = "failed", _("导入失败")


def _upload_path(instance, filename):
    # Stored under a random name: uploaded names may carry a child's name.
    return f"delivery/imports/{instance.grant_id}/{uuid.uuid4().hex}.xlsx"


def _error_path(instance, filename):
    return f"delivery/imports/{instance.grant_id}/{uuid.uuid4().hex}-errors.xlsx"


class ImportBatch(models.Model):
    grant = models.ForeignKey(
        "grants.Grant", verbose_name=_("项目合同"), on_delete=models.PROTECT, related_name="import_batches"
    )
    kind = models.CharField(_("导入类型"), max_length=20, choices=ImportKind.choices)
    original_name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=_upload_path, max_length=200)
    file_sha256 = models.CharField(_("文件摘要"), max_length=64, db_index=True)
    status = models.CharField(_("状态"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    rows_imported = models.PositiveIntegerField(_("导入行数"), default=0)
    message = models.TextField(_("结果说明"), blank=True)
    error_workbook = models.FileField(
        _("错误清单"), storage=private_storage, upload_to=_error_path, blank=True, max_length=200
    )
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["grant", "kind", "file_sha256"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)

    @property
    def progress_percent(self) -> int:
        return int(self.rows_done * 100 / self.rows_total) if self.rows_total else 0
