"""The child-welfare workers of the township network: 儿童督导员 (one or two per township) and 儿童主任 (one per
village). Villages are not in the region tree: a director is scoped to a township plus the village's name as text.

Accounts are created by a county officer (in bulk from an Excel list) without a password; the worker sets one with a
one-time token, e-mailed as a link or printed as a code (only a hash of it is stored)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Region


class CareWorkerRole(models.TextChoices):
    SUPERVISOR = "supervisor", _("儿童督导员")
    DIRECTOR = "director", _("儿童主任")


class CareWorker(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="care_worker"
    )
    role = models.CharField(_("角色"), max_length=12, choices=CareWorkerRole.choices)
    township = models.ForeignKey(
        Region, verbose_name=_("乡镇街道"), on_delete=models.PROTECT, related_name="care_workers"
    )
    # 村（居）委会 by name: villages are not loaded as regions (docs/referrals.md).
    village = models.CharField(_("村（社区）"), max_length=50, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("儿童督导员/儿童主任")
        verbose_name_plural = _("儿童督导员/儿童主任")
        ordering = ["township__path", "role", "village", "pk"]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.township}"

    @property
    def is_director(self) -> bool:
        return self.role == CareWorkerRole.DIRECTOR


class AccountSetupQuerySet(models.QuerySet):
    def open(self):
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class AccountSetup(models.Model):
    """A one-time token with which a worker whose account an officer created sets a password."""

    class Method(models.TextChoices):
        EMAIL = "email", _("邮件链接")
        CODE = "code", _("打印的激活码")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="account_setups"
    )
    method = models.CharField(_("方式"), max_length=10, choices=Method.choices)
    token_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    objects = AccountSetupQuerySet.as_manager()

    class Meta:
        verbose_name = _("账号激活")
        verbose_name_plural = _("账号激活")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} · {self.get_method_display()}"
