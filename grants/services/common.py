"""Small helpers the grant services share."""

from django.urls import reverse

from core.models import User


def organization_members(organization):
    return User.objects.filter(memberships__organization=organization, is_active=True).distinct()


def region_officers(region):
    """Active officers whose scope contains ``region`` (its own bureau and those above it)."""
    codes = [code for code in region.path.split("/") if code]
    return User.objects.filter(
        officer_scope__is_active=True, officer_scope__region__code__in=codes, is_active=True
    ).distinct()


def nearest_other_officers(region, *, exclude) -> list:
    """The officers closest to ``region`` other than ``exclude``: the region's own bureau if it has another officer,
    else the nearest bureau above (a 市州 without officers of its own is served by the province). One query."""
    return nearest_officers(region, exclude=exclude)


def nearest_officers(region, *, exclude=None) -> list:
    """The officers of ``region``'s own bureau, or of the nearest bureau above when it has none (without ``exclude``).
    One query."""
    codes = [code for code in region.path.split("/") if code]
    officers = User.objects.filter(
        officer_scope__is_active=True, officer_scope__region__code__in=codes, is_active=True
    ).select_related("officer_scope__region")
    if exclude is not None:
        officers = officers.exclude(pk=exclude.pk)
    officers = list(officers)
    for code in reversed(codes):
        nearest = [user for user in officers if user.officer_scope.region.code == code]
        if nearest:
            return nearest
    return []


def grant_url(grant) -> str:
    return reverse("grants:grant_detail", args=[grant.pk])


def milestone_url(milestone) -> str:
    return reverse("grants:milestone_detail", args=[milestone.pk])
