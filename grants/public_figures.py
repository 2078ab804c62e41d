"""Outputs and outcomes that apps above ``grants`` add to the public funded-projects pages and downloads, without
``grants`` importing them.

``delivery`` registers, in its ``AppConfig.ready()``, columns (children served, service hours, outcome improvement)
and a provider that computes them for a queryset of grants in a fixed number of queries. The provider's counts of
children are already suppressed (``core.disclosure.Count``): "<5" on the page, the string "<5" in a download.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.disclosure import Count


@dataclass(frozen=True)
class FigureColumn:
    key: str
    label: str
    number_format: str | None = None  # in the xlsx download


@dataclass(frozen=True)
class FigureProvider:
    columns: list[FigureColumn]
    # figures(grants queryset) -> {grant pk: {column key: value}}; values are Count, Decimal, int or None.
    figures: Callable[[Any], dict[int, dict[str, Any]]]


_providers: list[FigureProvider] = []


def register_figures(provider: FigureProvider) -> FigureProvider:
    # Registered once per function, however often ready() runs (tests may run it again).
    if all(existing.figures is not provider.figures for existing in _providers):
        _providers.append(provider)
    return provider


def figure_columns() -> list[FigureColumn]:
    return [column for provider in _providers for column in provider.columns]


def figures_for(grants) -> dict[int, dict[str, Any]]:
    """Every registered figure of each grant of ``grants`` (a queryset), merged: {pk: {key: value}}."""
    merged: dict[int, dict[str, Any]] = {}
    for provider in _providers:
        for pk, values in provider.figures(grants).items():
            merged.setdefault(pk, {}).update(values)
    return merged


def display_value(value) -> str:
    """How a figure reads on a page: "<5" for a hidden count, "—" for none."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,}"
    return str(value)


def export_value(value):
    """How a figure is written in a download: a number stays a number, a hidden count is the text "<5"."""
    if isinstance(value, Count):
        return value.for_json()
    return value


def attach_figures(grants: list, source) -> list:
    """Give each grant of ``grants`` (a page of objects) a ``public_figures`` list of (label, display) pairs, computed
    for ``source`` (the same grants as a queryset) in the providers' fixed number of queries."""
    columns = figure_columns()
    figures = figures_for(source) if columns else {}
    for grant in grants:
        values = figures.get(grant.pk, {})
        grant.public_figures = [(column.label, display_value(values.get(column.key))) for column in columns]
    return grants
