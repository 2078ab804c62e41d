"""The public site's page for a URL in two queries, and its view restrictions in one or none.

Wagtail walks the page tree one level at a time (the site's root page and its specific instance, then for each path
component the child by slug and its specific instance) and then reads the page's ancestors to check their view
restrictions: 8 queries for a call page at depth 3 before the page's own content. Here the deepest live-or-not page
whose ``url_path`` is a prefix of the request's path is read in one query (the candidates are known from the site's
root path, which Wagtail keeps in the cache), then its specific instance, and that page's own ``route`` takes the
remaining components, so a page with routes of its own still works and a missing or draft page is still a 404.
Everything else (``before_serve_page`` hooks such as view restrictions, ``on_serve_page``, the page's ``serve``) is
Wagtail's own ``serve`` view, which reuses the route found here (``request._wagtail_route_for_request``).

The site for the request's host is kept in the cache (Wagtail reads it from the database on every request), and so
is whether any page has a view restriction at all: both are renewed by a save or delete of a site or a restriction.
"""

import uuid

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site

SITE_VERSION_KEY = "cms:sites:version"
RESTRICTIONS_KEY = "cms:view-restrictions:any"


def serve(request, path):
    from wagtail import views as wagtail_views

    if not hasattr(request, "_wagtail_route_for_request"):
        site = _site(request)
        root_path = _root_path(site) if site is not None else None
        if root_path is not None:
            request._wagtail_route_for_request = _route(request, root_path, path)
    return wagtail_views.serve(request, path)


def _site(request):
    """Wagtail's ``Site.find_for_request``, kept in the cache per host and port until a site is saved or deleted."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    version = cache.get(SITE_VERSION_KEY)
    if version is None:
        cache.add(SITE_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(SITE_VERSION_KEY)
    key = f"cms:site:{version}:{split_domain_port(request._get_raw_host())[0]}:{request.get_port()}"
    cached = cache.get(key)
    if cached is None:
        cached = (Site.find_for_request(request),)  # a tuple, so that "no site" is cached too
        cache.set(key, cached, None)
    request._wagtail_site = cached[0]
    return cached[0]


def _sites_changed(sender, **kwargs) -> None:
    cache.set(SITE_VERSION_KEY, uuid.uuid4().hex, None)


def _restrictions_changed(sender, **kwargs) -> None:
    cache.delete(RESTRICTIONS_KEY)


post_save.connect(_sites_changed, sender=Site, dispatch_uid="cms_routing_site_save")
post_delete.connect(_sites_changed, sender=Site, dispatch_uid="cms_routing_site_delete")
post_save.connect(_restrictions_changed, sender=PageViewRestriction, dispatch_uid="cms_routing_restriction_save")
post_delete.connect(_restrictions_changed, sender=PageViewRestriction, dispatch_uid="cms_routing_restriction_del")


def _any_view_restriction() -> bool:
    """Whether any page of any site has a view restriction (kept in the cache; renewed when one is saved or
    deleted)."""
    exists = cache.get(RESTRICTIONS_KEY)
    if exists is None:
        exists = PageViewRestriction.objects.exists()
        cache.set(RESTRICTIONS_KEY, exists, None)
    return exists


def _root_path(site) -> str | None:
    return next((root.root_path for root in Site.get_site_root_paths() if root.site_id == site.id), None)


def _route(request, root_path: str, path: str):
    components = [component for component in path.split("/") if component]
    candidates = [root_path + "".join(f"{c}/" for c in components[:depth]) for depth in range(len(components) + 1)]
    page = Page.objects.filter(url_path__in=candidates).order_by("-depth").first()
    if page is None:
        return None
    consumed = page.url_path[len(root_path) :].count("/")
    try:
        return page.specific.route(request, components[consumed:])
    except Http404:
        return None


class ViewRestrictionsInOneQuery:
    """``get_view_restrictions`` as Wagtail defines it (the restrictions of the page and of its ancestors, an alias
    answering with its source page's), read in one query instead of reading the ancestors first."""

    def get_view_restrictions(self):
        if not _any_view_restriction():  # the usual case: no page is restricted, nothing to read
            return PageViewRestriction.objects.none()
        steplen = Page.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()
