"""``{% export_url %}``: the current list's address with its filters and ``format=xlsx`` (the page number dropped)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def export_url(context, file_format: str = "xlsx") -> str:
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["format"] = file_format
    return f"?{query.urlencode()}"
