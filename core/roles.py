"""What roles a user holds, for greeting and navigation. Authorisation itself goes through ``core.permissions``."""

from django.utils.translation import gettext_lazy as _

ROLE_LABELS = {
    "platform_admin": _("平台管理员"),
    "officer": _("项目官员"),
    "reviewer": _("评审专家"),
    "evaluator": _("第三方评估人员"),
    "editor": _("内容编辑"),
    "organization": _("社会组织成员"),
}

# Apps above core add role detectors here (e.g. organizations: "is a member of an organization").
_detectors: dict[str, object] = {}


def register_detector(role: str, detector) -> None:
    _detectors[role] = detector


def roles_for(user) -> list[str]:
    if not user.is_authenticated:
        return []
    roles = []
    if user.is_platform_admin:
        roles.append("platform_admin")
    if user.is_officer:
        roles.append("officer")
    if user.is_reviewer:
        roles.append("reviewer")
    if user.is_evaluator:
        roles.append("evaluator")
    if user.is_editor:
        roles.append("editor")
    roles.extend(role for role, detector in _detectors.items() if detector(user))
    return roles


def role_labels(user) -> list[str]:
    return [str(ROLE_LABELS.get(role, role)) for role in roles_for(user)]
