"""Rate limits on the doors that anonymous visitors can knock on: login, registration, password reset, invitations and
the (future) anonymous API.

Counting is django-ratelimit's (a fixed window per key in ``CACHES["default"]``, which production shares between
processes through CACHE_URL; see core.checks). What a limited visitor sees is ours: status 429, ``Retry-After`` and a
Chinese page (templates/429.html), never a 403.
"""

import functools
import hashlib
import math

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from .clientip import client_ip


def too_many_requests(request, *, retry_after: int, message: str | None = None):
    """The 429 page: what happened, and when to try again (also in ``Retry-After`` for programs)."""
    retry_after = max(1, math.ceil(retry_after))
    response = render(
        request,
        "429.html",
        {"retry_after": retry_after, "message": message or _("请 %(seconds)s 秒后再试。") % {"seconds": retry_after}},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def hashed(value: str) -> str:
    """A cache key part for personal data (a username, an e-mail): the cache never holds it in clear."""
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def by_ip(_group, request) -> str:
    return client_ip(request) or "unknown"


def by_post_field(field: str):
    """Key a limit on a submitted field (case-insensitive), e.g. the username or e-mail of a login or reset form."""

    def key(_group, request) -> str:
        return hashed(request.POST.get(field, ""))

    return key


def by_url_kwarg(name: str, *, model: str, action: str):
    """Key a limit on the object a URL argument names, e.g. the organization whose invitations are sent.

    Only requests from users allowed to do ``action`` on that object count (``model`` is an "app.Model" label), so a
    stranger cannot use up an organization's allowance; theirs get the view's own 403/404.
    """

    def key(_group, request) -> str | None:
        from django.apps import apps

        from .permissions import check

        value = request.resolver_match.kwargs.get(name) if request.resolver_match else None
        obj = apps.get_model(model)._default_manager.filter(pk=value).first() if value is not None else None
        if obj is None or not check(request.user, action, obj).allowed:
            return None
        return f"{model}:{obj.pk}"

    return key


def _rate(group: str) -> str:
    # read per request, so a deployment (or a test) changes a rate in settings.RATE_LIMITS without a restart of code
    return settings.RATE_LIMITS[group]


def limit_reached(request, *, group: str, key, method=("POST",)) -> dict | None:
    """Count this request against ``settings.RATE_LIMITS[group]`` for ``key``; the usage (with ``time_left``) when it
    is over the limit, else None. A key that gives None does not count the request."""
    value = key(group, request)
    if value is None:
        return None
    usage = get_usage(
        request, group=group, key=lambda _g, _r: value, rate=_rate(group), method=list(method), increment=True
    )
    if usage is not None and usage["should_limit"]:
        return usage
    return None


def rate_limit(*, group: str, key=by_ip, method=("POST",)):
    """Decorate a view: beyond ``settings.RATE_LIMITS[group]`` (e.g. ``"10/h"``) requests per ``key`` (a callable
    ``(group, request)``, default the client address), the view is not run and the visitor gets the 429 page.

    Stack several for several keys (per address and per organization). GET requests pass unless ``method`` names them.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            usage = limit_reached(request, group=group, key=key, method=method)
            if usage is not None:
                return too_many_requests(request, retry_after=usage["time_left"])
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def anonymous_api_rate_limit():
    """For the anonymous read API (``/api/``, not built yet): every method counts, per client address, against
    ``RATE_LIMITS["api.anonymous"]``.

    Usage::

        @anonymous_api_rate_limit()
        def projects(request): ...

    Open data is meant to be downloaded, so the limit is generous; it only stops one address from crowding out the
    others. A signed-in caller's requests count against their address too.
    """
    return rate_limit(group="api.anonymous", key=by_ip, method=("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"))
