"""drf-spectacular hooks: the OpenAPI description covers the open data API only (not the Wagtail admin's own API)."""


def only_open_data(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
