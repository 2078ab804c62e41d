"""Switching the language by a plain link, so that no public page needs a form (and with it a CSRF cookie).

Django's own ``set_language`` only accepts a POST carrying a CSRF token; a token in the header of every page made every
anonymous response set a ``csrftoken`` cookie and vary on Cookie, which no cache can store. Changing the language
changes nothing but a preference cookie, so a GET is safe here; the ``next`` address is checked like Django checks it.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET


def _safe_next(request) -> str:
    next_url = request.GET.get("next", "/")
    if any(ord(ch) < 32 for ch in next_url) or len(next_url) > 2000:
        return "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return next_url


@require_GET
def switch_language(request, code: str):
    if code not in dict(settings.LANGUAGES):
        raise Http404
    response = HttpResponseRedirect(_safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
