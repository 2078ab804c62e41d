"""Panels and list filters that apps above ``grants`` add to its pages, without ``grants`` importing them.

``delivery`` registers, in its ``AppConfig.ready()``, a panel provider (planned against delivered on the grant page
and on each milestone's review page) and a grant-list filter ("delivery behind plan"). Grants' templates render the
panels with ``{% grant_panels grant milestone %}``; the grant list applies the registered filters it is asked for.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

# provider(grant, milestone, user) -> rendered HTML, or "" when it has nothing for this user.
PanelProvider = Callable[..., str]
_panels: list[PanelProvider] = []


@dataclass(frozen=True)
class GrantFilter:
    key: str  # the query parameter, e.g. "delivery_behind"
    label: str
    apply: Callable  # apply(queryset, today) -> queryset


_filters: dict[str, GrantFilter] = {}


def register_panel(provider: PanelProvider) -> PanelProvider:
    if provider not in _panels:
        _panels.append(provider)
    return provider


def render_panels(*, grant, user, milestone=None) -> SafeString:
    """Every registered panel for this grant (and milestone), in registration order."""
    parts = [provider(grant=grant, milestone=milestone, user=user) for provider in _panels]
    return format_html_join("", "{}", ((mark_safe(part),) for part in parts if part))


def register_filter(grant_filter: GrantFilter) -> GrantFilter:
    _filters[grant_filter.key] = grant_filter
    return grant_filter


def registered_filters() -> list[GrantFilter]:
    return list(_filters.values())


def apply_filters(queryset, params, today=None):
    """Apply each registered filter whose key is set (to a true value) in ``params`` (e.g. ``request.GET``)."""
    for key, grant_filter in _filters.items():
        if params.get(key) in ("1", "on", "true"):
            queryset = grant_filter.apply(queryset, today)
    return queryset
