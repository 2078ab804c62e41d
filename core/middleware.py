"""Keeps the current request's client address where the audit helper can read it, so services never take
``request``."""

from contextvars import ContextVar

from django.shortcuts import render
from django.utils.translation import gettext as _

from .clientip import client_ip

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def current_client_ip() -> str | None:
    return _client_ip.get()


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # the same reading of X-Forwarded-For (trusted proxies only) as the lockout and the rate limits
        token = _client_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)


class LanguageMiddleware:
    """Chinese for everyone unless they chose English with the language switcher (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a bureau PC or a phone set to English
    would get an English site; the platform's language is Chinese, and English is an explicit choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNulPathMiddleware:
    """A NUL byte in the path is never a page of ours: 400 at once. Routes with a ``<str:…>`` part (tokens, codes)
    would otherwise carry it into a database lookup, which PostgreSQL refuses with an error (a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return render(request, "400.html", {"message": _("网址中含有无效字符，请检查链接。")}, status=400)
        return self.get_response(request)
