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
