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


def grant_url(grant) -> str:
    return reverse("grants:grant_detail", args=[grant.pk])


def milestone_url(milestone) -> str:
    return reverse("grants:milestone_detail", args=[milestone.pk])
