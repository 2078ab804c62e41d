from django import template

from cms.figures import platform_figures as _platform_figures

register = template.Library()


@register.simple_tag
def platform_figures() -> dict:
    return _platform_figures()
