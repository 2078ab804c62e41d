"""The signed-in user, loaded once per request with what nearly every page asks about them.

Every signed-in page shows the user's roles in the navigation and most check their officer scope: read one by one,
that was six queries before the view did anything (the scope, its region, two for Django's permission sets behind
``is_editor``, the organization membership, the care-worker role). ``UserBackend.get_user`` reads them with the user
in one query: the scope and its region joined, the other roles as ``EXISTS`` / subquery annotations that the apps
above core register here (``register_user_annotation``), so core still imports none of them. Each reader falls back
to its own query when the user came from somewhere else (a view's ``User.objects.get``, a test's factory).
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, Expression, OuterRef, Q

_annotations: dict[str, Callable[[], Expression]] = {}


def register_user_annotation(name: str, expression: Callable[[], Expression]) -> None:
    """Read ``name`` with the signed-in user (``expression()`` refers to the user as ``OuterRef("pk")``)."""
    _annotations[name] = expression


def _has_admin_access() -> Expression:
    """Whether the user holds ``wagtailadmin.access_admin`` directly or through a group (what ``has_perm`` asks for
    an active user, without loading every permission the user has)."""
    from django.contrib.auth.models import Permission

    user = OuterRef("pk")
    return Exists(
        Permission.objects.filter(
            Q(user=user) | Q(group__user=user), content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )


register_user_annotation("_has_admin_access", _has_admin_access)


class UserBackend(ModelBackend):
    """Django's ``ModelBackend`` (passwords, permissions, the active check), reading the session's user with its
    officer scope, region and registered role annotations in one query."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("officer_scope__region")
        users = users.annotate(**{name: expression() for name, expression in _annotations.items()})
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
