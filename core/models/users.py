"""One user model for everyone; roles come from flags, an officer scope, group membership and organization
membership (which lives in ``organizations``)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .regions import Region


class User(AbstractUser):
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_reviewer = models.BooleanField(_("评审专家"), default=False)
    is_evaluator = models.BooleanField(_("第三方评估人员"), default=False)
    evaluator_agency = models.CharField(_("所属评估机构"), max_length=100, blank=True)
    may_join_organizations = models.BooleanField(
        _("允许加入社会组织"),
        default=False,
        help_text=_(
            "仅对项目官员有效。官员加入社会组织后，不得审核、决定、批准或拨付该组织（及离开后一段时间内）的任何事项"
            "（利益冲突）。默认不允许官员接受组织邀请或注册组织；确有需要时由平台管理员勾选。"
        ),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            # Sign-up refuses a username that differs only in case; under concurrent sign-ups only the database can.
            models.UniqueConstraint(Lower("username"), name="user_username_case_insensitive_unique"),
        ]

    def __str__(self):
        return self.name or self.username

    @property
    def display_name(self) -> str:
        return self.name or self.username

    @property
    def officer_region(self) -> Region | None:
        """The region an officer is scoped to, or None for anyone who is not a program officer."""
        scope = getattr(self, "officer_scope", None)
        return scope.region if scope is not None and scope.is_active else None

    @property
    def is_officer(self) -> bool:
        return self.officer_region is not None

    @property
    def is_editor(self) -> bool:
        if self.is_superuser:
            return True
        # read with the session's user (core.auth.UserBackend); otherwise through Django's permission sets
        loaded = getattr(self, "_has_admin_access", None)
        return bool(loaded) if loaded is not None else self.has_perm("wagtailadmin.access_admin")

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser


class OfficerScope(models.Model):
    """A civil-affairs program officer (民政局项目官员) and the one region whose subtree they work on."""

    user = models.OneToOneField(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="officer_scope")
    region = models.ForeignKey(Region, verbose_name=_("管辖区划"), on_delete=models.PROTECT, related_name="officers")
    bureau = models.CharField(_("所在单位"), max_length=100, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("项目官员")
        verbose_name_plural = _("项目官员")

    def __str__(self):
        return f"{self.user} · {self.region}"
