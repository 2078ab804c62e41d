"""The client's address, the same way for the lockout (axes), the rate limits (django-ratelimit) and the audit log.

Behind a reverse proxy REMOTE_ADDR is the proxy, and the client is in X-Forwarded-For; but anyone can send that header,
so it is believed only when the request really comes from a proxy listed in ``TRUSTED_PROXIES``. The chain we give
django-ipware is the header plus REMOTE_ADDR (the hop that actually connected), and ipware takes the address just
before the trusted hops. With no trusted proxies configured, or a request from anywhere else, the answer is
REMOTE_ADDR and the header is ignored.
"""

from types import SimpleNamespace

from django.conf import settings
from ipware import get_client_ip


def client_ip(request) -> str | None:
    """The address of the client that sent ``request`` (a string), or None when the request carries none."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = list(getattr(settings, "TRUSTED_PROXIES", []) or [])
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").strip()
    if not proxies or not remote or not forwarded:
        return remote
    chain = SimpleNamespace(META={"HTTP_X_FORWARDED_FOR": f"{forwarded}, {remote}"})
    ip, _routable = get_client_ip(
        chain,
        proxy_trusted_ips=proxies,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return ip or remote
