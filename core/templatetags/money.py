from django import template

from core.money import format_money

register = template.Library()


@register.filter
def money(value) -> str:
    """``{{ grant.amount|money }}`` → ``1,234,567.50`` (see ``core.money``)."""
    return format_money(value)
