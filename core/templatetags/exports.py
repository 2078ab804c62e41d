"""``{% export_url %}``: the current list's address with its filters and ``format=xlsx`` (the page number dropped);
extra keyword arguments choose among a page's tables, e.g. ``{% export_url table="referrals" %}``."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def export_url(context, file_format: str = "xlsx", **extra) -> str:
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["format"] = file_format
    for key, value in extra.items():
        query[key] = value
    return f"?{query.urlencode()}"
