from django import template

from ..panels import render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def grant_panels(context, grant, milestone=None):
    """Panels registered by higher apps (e.g. planned against delivered), rendered for the current user."""
    return render_panels(grant=grant, milestone=milestone, user=context["request"].user)
