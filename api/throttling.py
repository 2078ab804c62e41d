"""The rate limit of the open data API: per client address (``core.clientip``, the same address as every other limit),
``RATE_LIMITS["api.anonymous"]`` requests (e.g. "120/m"), counted in the shared cache (``CACHES["default"]``, Redis in
production). Every client counts as anonymous: the API has no sign-in, and its data are the same for everyone."""

import math

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle

from core.clientip import client_ip

SCOPE = "api.anonymous"


class AddressRateThrottle(AnonRateThrottle):
    scope = SCOPE

    def __init__(self):
        # The rate is read per request (in allow_request), so that settings.RATE_LIMITS can change without a restart.
        pass

    def allow_request(self, request, view):
        self.rate = settings.RATE_LIMITS[SCOPE]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}


def too_many_requests(wait: float | None) -> Throttled:
    """The 429 answer: what happened and when to try again, in Chinese (``Retry-After`` carries the seconds too)."""
    seconds = max(1, math.ceil(wait or 1))
    detail = _("请求过于频繁：每个地址的限额为 %(rate)s，请 %(seconds)s 秒后再试。") % {
        "rate": settings.RATE_LIMITS[SCOPE],
        "seconds": seconds,
    }
    return Throttled(wait=seconds, detail=detail)
