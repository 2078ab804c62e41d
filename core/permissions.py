"""The one place that answers "may this user do X to this object, and if not, why".

Each app registers a predicate per action in its ``rules.py`` with ``@rule("app.action")``. A predicate returns a
``Decision``: allowed, or denied with a reason the user can read. A denial may be *hidden*: the object is then
reported as not found (404), so users outside a region cannot learn what exists there. Views and services both call
``require``; tests call ``check`` and assert on the matrix.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    hidden: bool = False

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def deny(reason, *, hidden: bool = False) -> Decision:
    return Decision(False, str(reason), hidden)


def hide() -> Decision:
    """Deny as "not found": the user may not even know the object exists."""
    return Decision(False, str(_("您要找的内容不存在或您无权查看。")), hidden=True)


class Denied(PermissionDenied):
    """The user may see the object but not do this to it (403, with the reason)."""


class NotVisible(Http404):
    """The object is outside what the user may see (404)."""


Predicate = Callable[[Any, Any], Decision]
_rules: dict[str, Predicate] = {}


def rule(action: str) -> Callable[[Predicate], Predicate]:
    def register(predicate: Predicate) -> Predicate:
        if action in _rules:
            raise ValueError(f"permission rule {action!r} registered twice")
        _rules[action] = predicate
        return predicate

    return register


def registered_actions() -> list[str]:
    return sorted(_rules)


def check(user, action: str, obj: Any = None) -> Decision:
    """Whether ``user`` may do ``action`` to ``obj``, and why not."""
    try:
        predicate = _rules[action]
    except KeyError:
        raise ValueError(f"no permission rule for {action!r}") from None
    if user is None or not user.is_authenticated:
        return deny(_("请先登录。"))
    if not user.is_active:
        return deny(_("您的账号已停用。"))
    return predicate(user, obj)


def require(user, action: str, obj: Any = None) -> None:
    """Raise ``NotVisible`` (404) or ``Denied`` (403, carrying the reason) unless the user may do ``action``."""
    decision = check(user, action, obj)
    if decision.allowed:
        return
    if decision.hidden:
        raise NotVisible(decision.reason)
    raise Denied(decision.reason)


def officer_covers(user, region) -> bool:
    """Whether ``user`` is a program officer whose region subtree contains ``region``."""
    scope = user.officer_region if user.is_authenticated else None
    return scope is not None and scope.contains(region)
