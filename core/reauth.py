"""Re-authentication before a sensitive action (releasing a payment, changing someone's role or scope).

A stolen session, or a bureau PC left signed in, must not be enough to move money or hand out roles: the view asks for
the password again (and the second factor, if the user has one) when the last confirmation is older than
``max_age_seconds``. The time of the last confirmation lives in the session; logging in counts as one.
"""

import functools
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

REAUTH_SESSION_KEY = "reauth_at"


def mark_recent_auth(request) -> None:
    """The user has just proved who they are (login, or the confirm page)."""
    request.session[REAUTH_SESSION_KEY] = time.time()


def auth_is_recent(request, max_age_seconds: int | None = None) -> bool:
    max_age = settings.REAUTH_MAX_AGE_SECONDS if max_age_seconds is None else max_age_seconds
    return time.time() - request.session.get(REAUTH_SESSION_KEY, 0) <= max_age


def safe_next(request, candidate: str | None, default: str = "/portal/") -> str:
    """``candidate`` if it points at this site, else ``default`` (no open redirect through ``next``)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def redirect_to_confirm(request):
    """Send the user to the confirm page, and back afterwards: to this page for a GET; for a POST (whose data cannot
    survive a redirect) to the page the form was on, where they submit it again."""
    if request.method in ("GET", "HEAD"):
        back = request.get_full_path()
    else:
        referer = request.META.get("HTTP_REFERER", "")
        back = safe_next(request, referer)
        messages.info(request, _("为了安全，请先确认身份，然后重新提交刚才的操作。"))
    return redirect(f"{reverse('reauth_confirm')}?{urlencode({'next': back})}")


def require_recent_auth(max_age_seconds: int | None = None):
    """Decorate a view: a signed-in user whose last password (and second-factor) confirmation is older than
    ``max_age_seconds`` (default ``settings.REAUTH_MAX_AGE_SECONDS``) is sent to the confirm page first.

    Put it under ``login_required`` (anonymous users go to the login page as before)::

        @login_required
        @require_POST
        @require_recent_auth()
        def milestone_release_view(request, pk): ...
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.is_authenticated and not auth_is_recent(request, max_age_seconds):
                return redirect_to_confirm(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
