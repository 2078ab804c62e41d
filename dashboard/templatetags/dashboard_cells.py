import datetime
from decimal import Decimal

from django import template

from core.money import format_money

register = template.Library()


@register.filter
def cell(value, kind: str) -> str:
    """A table cell as the dashboard shows it: money grouped with two decimals, counts grouped, hours and
    percentages with one decimal, "—" for nothing to show."""
    if value is None or value == "":
        return "—" if kind != "text" else ""
    if kind == "money":
        return format_money(value)
    if kind == "int":
        return f"{value:,}"
    if kind in ("hours", "percent"):
        return f"{Decimal(value):,.1f}"
    if kind == "date" and isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
