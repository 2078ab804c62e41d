"""Permission rules of the core app."""

from django.utils.translation import gettext_lazy as _

from .permissions import ALLOW, deny, rule


@rule("core.view_audit")
def view_audit(user, obj):
    if user.is_platform_admin or user.is_officer:
        return ALLOW
    return deny(_("只有项目官员和平台管理员可以查看审计记录。"))


@rule("core.edit_content")
def edit_content(user, obj):
    if user.is_editor:
        return ALLOW
    return deny(_("只有内容编辑可以进入内容管理后台。"))


@rule("core.two_factor_reset")
def two_factor_reset(user, obj):
    if user.is_platform_admin:
        return ALLOW
    return deny(_("只有平台管理员可以重置他人的两步验证。"))


@rule("core.session_end")
def session_end(user, obj):
    # obj: the user whose session is ended; people end only their own sessions
    if obj is not None and user.pk == obj.pk:
        return ALLOW
    return deny(_("只能结束自己的登录会话。"))
