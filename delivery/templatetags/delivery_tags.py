from django import template

register = template.Library()


@register.filter
def child_age(child, day):
    """Age in whole years on ``day``."""
    return child.age_on(day)
