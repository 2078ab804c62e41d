"""Live figures on the brand page that ``programs`` serves when no Wagtail page publishes a brand
(``/programs/brands/<slug>/``), without ``programs`` importing the apps that compute them.

``cms`` registers, in its ``AppConfig.ready()``, a renderer that returns the same figures, map, charts and projects as
a Wagtail brand page shows (``cms.figures.brand_figures``).
"""

from collections.abc import Callable

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

# renderer(brand) -> rendered HTML, or "" when it has nothing to show.
BrandFiguresRenderer = Callable[..., str]
_renderers: list[BrandFiguresRenderer] = []


def register_brand_figures(renderer: BrandFiguresRenderer) -> BrandFiguresRenderer:
    if renderer not in _renderers:
        _renderers.append(renderer)
    return renderer


def render_brand_figures(brand) -> SafeString:
    parts = [renderer(brand) for renderer in _renderers]
    return format_html_join("", "{}", ((mark_safe(part),) for part in parts if part))
