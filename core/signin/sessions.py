"""A user's open sessions: recorded at login, refreshed while used, listed on the account page, ended on request.

Sessions are Django's database sessions (``SESSION_ENGINE``); ``core.UserSession`` adds the user, the browser and the
address, which Django's session table does not hold in a queryable form.
"""

import time
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from ..audit import audit_log
from ..clientip import client_ip
from ..models import UserSession
from ..permissions import require

# Refresh "last seen" at most this often, so an active session does not write a row on every request.
LAST_SEEN_EVERY_SECONDS = 5 * 60
_SEEN_KEY = "signin_last_seen"


def session_record(request, user) -> None:
    """Remember (or refresh) the session of ``request`` as one of ``user``'s sessions. Called at login and then every
    few minutes by ``SessionPolicyMiddleware``; also picks up a session whose key changed (password change)."""
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            "ip_address": client_ip(request),
            "last_seen_at": timezone.now(),
        },
    )
    request.session[_SEEN_KEY] = time.time()


def session_touch(request) -> None:
    """Refresh the current session's row if it was last refreshed long enough ago."""
    if time.time() - request.session.get(_SEEN_KEY, 0) >= LAST_SEEN_EVERY_SECONDS:
        session_record(request, request.user)


def sessions_for(user):
    """``user``'s sessions that are still valid, most recently used first (expired ones are left out)."""
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=alive).order_by("-last_seen_at")


def _store(session_key):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def session_end(*, user, user_session_id: int, actor) -> bool:
    """End one of ``user``'s sessions (sign that browser out), named by its ``UserSession`` id (pages never show
    session keys, which are bearer secrets). Returns False if there was no such session."""
    require(actor, "core.session_end", user)
    with transaction.atomic():
        row = UserSession.objects.select_for_update().filter(user=user, pk=user_session_id).first()
        if row is None:
            return False
        _store(row.session_key).delete()
        audit_log(
            actor=actor,
            action="core.session_end",
            target=user,
            details={"ip_address": row.ip_address, "user_agent": row.user_agent[:100]},
        )
        row.delete()
    return True


def sessions_end_others(*, user, current_session_key: str, actor) -> int:
    """End all of ``user``'s sessions but the current one. Returns how many were ended."""
    require(actor, "core.session_end", user)
    with transaction.atomic():
        rows = list(UserSession.objects.select_for_update().filter(user=user).exclude(session_key=current_session_key))
        for row in rows:
            _store(row.session_key).delete()
        UserSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
        audit_log(actor=actor, action="core.sessions_end_others", target=user, details={"count": len(rows)})
    return len(rows)


def session_forget(session_key: str | None) -> None:
    """Drop the row of a session that was signed out."""
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()
