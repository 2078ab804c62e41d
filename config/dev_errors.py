"""For ``make run`` only (DEBUG on): serve the project's own 403 and 404 pages instead of Django's debug pages.

With DEBUG on, Django answers a hidden object's 404 with an English page listing every URL pattern, and logs each
403 with a traceback; a first-time visitor clicking through the demo sees neither in production. A 500 still shows
the debug page, which is what a developer wants from the embedded default.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views import defaults

logger = logging.getLogger("guanai.dev")


class FriendlyErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            logger.info("404 %s", request.path)
            return defaults.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            logger.info("403 %s: %s", request.path, exception)
            return defaults.permission_denied(request, exception)
        return None
