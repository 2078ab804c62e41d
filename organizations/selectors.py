"""Reads about organizations and their members."""

from .models import Membership, Organization


def is_organization_member(user) -> bool:
    return user.is_authenticated and user.memberships.exists()


def organizations_for_member(user):
    """The organizations a user belongs to."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).distinct()


def membership_of(user, organization) -> Membership | None:
    if not user.is_authenticated or organization is None:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()
