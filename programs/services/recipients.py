"""Who hears about what."""

from core.models import Region, User


def officers_for(region: Region):
    """Active officers whose scope contains ``region`` (the issuing bureau and the bureaus above it)."""
    codes = [code for code in region.path.split("/") if code]
    return User.objects.filter(officer_scope__is_active=True, officer_scope__region__code__in=codes, is_active=True)


def organization_members(organization):
    return User.objects.filter(memberships__organization=organization, is_active=True)
