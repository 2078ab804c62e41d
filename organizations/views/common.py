"""Helpers shared by the organizations views."""

from django.shortcuts import get_object_or_404, render

from core.permissions import require

from ..models import Organization


def organization_for(request, pk: int, action: str = "organizations.view") -> Organization:
    """The organization ``pk`` if the user may do ``action`` to it (404 outside their scope, 403 with a reason)."""
    organization = get_object_or_404(Organization.objects.select_related("registration_region"), pk=pk)
    require(request.user, action, organization)
    return organization


def render_invalid(request, template: str, context: dict):
    """An invalid form is re-shown with what the user typed and HTTP 400."""
    return render(request, template, context, status=400)
