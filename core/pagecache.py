"""A full-page cache for anonymous visitors (Redis in production).

Public pages are the same for every visitor who has no session: such a request (GET or HEAD, no cookie but the language
choice) is answered from the cache when it can be, and its response stored when it is a plain 200 HTML page that sets no
cookie and does not forbid caching. Signed-in users, forms that set a CSRF cookie, JSON, downloads and errors are never
stored. The key holds the language, the full path and a version number; every save or delete of published content
(pages, calls, notices, grants, evaluations, organizations) bumps the version, so a change shows at once; figures
computed from bulk imports show within ``PAGE_CACHE_SECONDS`` (the lifetime of an entry).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.cache import get_max_age

VERSION_KEY = "pagecache:version"
# Apps whose saves change what public pages show. core (audit events, e-mail outbox, sessions) and delivery (service
# logs, written in bulk) are left out: their figures refresh with the entry's lifetime.
CONTENT_APPS = {"cms", "programs", "grants", "organizations", "wagtailcore", "wagtailimages", "wagtaildocs"}
SKIP_PREFIXES = ("/cms-admin/", "/django-admin/", "/accounts/", "/healthz", "/readyz", "/i18n/", "/static/", "/media/")


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_version(**kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _content_changed(sender, **kwargs) -> None:
    if sender._meta.app_label in CONTENT_APPS:
        bump_version()


post_save.connect(_content_changed, dispatch_uid="pagecache_post_save")
post_delete.connect(_content_changed, dispatch_uid="pagecache_post_delete")


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith(SKIP_PREFIXES):
        return False
    return set(request.COOKIES) <= {settings.LANGUAGE_COOKIE_NAME}


def _cacheable_response(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control and get_max_age(response) != 0


def _key(request) -> str:
    digest = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:{_version()}:{request.LANGUAGE_CODE}:{digest}"


class AnonymousPageCacheMiddleware:
    """After the language is known and before sessions, CSRF and authentication do any work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _cacheable_response(response):
            # Template responses are rendered by now; the cache keeps a pickled copy.
            cache.set(key, response, seconds)
            response["X-Page-Cache"] = "miss"
        return response
