"""What happens at login, logout and a failed login (connected in ``CoreConfig.ready``)."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from ..reauth import mark_recent_auth
from . import throttle
from .sessions import session_forget, session_record
from .twofactor import has_two_factor

# Session keys: whether the user has a second factor (so the gate needs no query per request), and when an officer's
# working-day session ends.
ENROLLED_SESSION_KEY = "signin_two_factor_enrolled"
DEADLINE_SESSION_KEY = "signin_deadline"


@receiver(user_logged_in, dispatch_uid="core.signin.logged_in")
def _logged_in(sender, request, user, **kwargs):
    throttle.clear(user.get_username())
    if request is None or not hasattr(request, "session"):
        return
    mark_recent_auth(request)
    request.session[ENROLLED_SESSION_KEY] = has_two_factor(user)
    if user.is_officer:
        # An officer's session ends when the browser closes (cookie without expiry) and after a working day at most,
        # whichever comes first; SessionPolicyMiddleware enforces the second.
        request.session.set_expiry(0)
        request.session[DEADLINE_SESSION_KEY] = time.time() + settings.OFFICER_SESSION_SECONDS
    session_record(request, user)


@receiver(user_logged_out, dispatch_uid="core.signin.logged_out")
def _logged_out(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_forget(request.session.session_key)


@receiver(user_login_failed, dispatch_uid="core.signin.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if username:
        throttle.record_failure(username)
