"""The gates every request passes once signed in: the officer's working-day limit, the session list, and the second
factor."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .sessions import session_touch
from .signals import DEADLINE_SESSION_KEY, ENROLLED_SESSION_KEY
from .twofactor import two_factor_required

# Pages a signed-in but not yet verified user may still open: the second-factor pages themselves, signing out, the
# language switch. Static files are served by WhiteNoise before this middleware runs, and are exempt below too.
TWO_FACTOR_OPEN_URL_NAMES = ("two_factor_verify", "two_factor_enrol", "logout", "set_language")


class SessionPolicyMiddleware:
    """Ends an officer's session after ``OFFICER_SESSION_SECONDS`` and keeps the user's session list up to date."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            deadline = request.session.get(DEADLINE_SESSION_KEY)
            if deadline is not None and time.time() > deadline:
                logout(request)
                messages.info(request, _("为了账号安全，项目官员的登录在一个工作日后失效，请重新登录。"))
                return redirect_to_login(request.get_full_path())
            session_touch(request)
        return self.get_response(request)


def _open_paths() -> set[str]:
    return {reverse(name) for name in TWO_FACTOR_OPEN_URL_NAMES}


class TwoFactorMiddleware:
    """A signed-in user whose session has not passed the second factor goes to the verify page if they have one,
    or to the enrolment page if their role requires one; every URL, including /cms-admin/ and /django-admin/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._is_open(request):
            if request.session.get(ENROLLED_SESSION_KEY):
                return self._send(request, "two_factor_verify")
            if two_factor_required(user):
                return self._send(request, "two_factor_enrol")
        return self.get_response(request)

    @staticmethod
    def _is_open(request) -> bool:
        return request.path_info.startswith(settings.STATIC_URL) or request.path_info in _open_paths()

    @staticmethod
    def _send(request, url_name):
        return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")
