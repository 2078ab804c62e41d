"""The documentation page (``/api/v1/docs/``): Swagger UI from our own static files (drf-spectacular-sidecar, no CDN),
its start-up script served as a separate file, so that the page runs under the site's strict Content Security Policy
(no inline script, no inline style)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .throttling import SCOPE, AddressRateThrottle, too_many_requests


class _Open:
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [AddressRateThrottle]
    http_method_names = ["get", "head", "options"]

    def throttled(self, request, wait):
        raise too_many_requests(wait)


class SchemaView(_Open, SpectacularAPIView):
    """The OpenAPI 3 description (YAML, or JSON with ``?format=json``)."""


class DocsView(_Open, SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    url_name = "api:schema"
    title = "关爱平台开放数据接口"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if isinstance(response.data, dict) and request.GET.get("script") is None:
            response.data["rate"] = settings.RATE_LIMITS[SCOPE]
        return response
