"""Reads about organizations and their members. Other apps use ``active_membership`` / ``current_organization`` to
know which organization a member is acting for (stored in the session; see docs/organizations.md)."""

import datetime
import hashlib

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import OfficerScope, Region, User

from .models import (
    FormerMembership,
    Incubation,
    IncubationStage,
    Invitation,
    MemberRole,
    Membership,
    Organization,
    Qualification,
    StaffMember,
)

ACTIVE_ORGANIZATION_SESSION_KEY = "organizations.active_organization_id"


def membership_exists():
    """``EXISTS`` a membership of the outer user (read with the signed-in user: core.auth)."""
    return Exists(Membership.objects.filter(user=OuterRef("pk")))


def recent_former_membership_exists():
    """``EXISTS`` a membership of the outer user that ended within ``CONFLICT_OF_INTEREST_DAYS`` (read with the
    signed-in user: an officer who never belonged to an organization needs no query for conflict_of_interest)."""
    since = timezone.now() - datetime.timedelta(days=settings.CONFLICT_OF_INTEREST_DAYS)
    return Exists(FormerMembership.objects.filter(user=OuterRef("pk"), left_at__gte=since))


def is_organization_member(user) -> bool:
    if not user.is_authenticated:
        return False
    loaded = getattr(user, "_is_organization_member", None)
    return loaded if loaded is not None else user.memberships.exists()


def organizations_for_member(user):
    """The organizations a user belongs to."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).distinct()


def memberships_for(user):
    """The user's memberships, oldest first, with their organizations."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organization").order_by("joined_at", "pk")


def membership_of(user, organization) -> Membership | None:
    if not user.is_authenticated or organization is None:
        return None
    if getattr(user, "_is_organization_member", None) is False:
        # read with the signed-in user (core.auth): a member of no organization, e.g. an officer, whose permission
        # checks ask this several times a page; at worst stale towards "not a member", i.e. less access
        return None
    # Remembered on the user object (one request) until any membership is saved or deleted: a page's permission
    # checks ask this three to five times.
    memo = user.__dict__.setdefault("_membership_memo", {})
    key = (getattr(organization, "pk", organization), _membership_generation[0])
    if key not in memo:
        memo[key] = Membership.objects.filter(user=user, organization=organization).first()
    return memo[key]


# Bumped by every save or delete of a membership (services change memberships only so), which makes every
# remembered answer of membership_of stale at once, also in the middle of a request.
_membership_generation = [0]


def _memberships_changed(**kwargs) -> None:
    _membership_generation[0] += 1


post_save.connect(_memberships_changed, sender=Membership, dispatch_uid="organizations_membership_memo_save")
post_delete.connect(_memberships_changed, sender=Membership, dispatch_uid="organizations_membership_memo_delete")
post_save.connect(_memberships_changed, sender=FormerMembership, dispatch_uid="organizations_former_memo_save")
post_delete.connect(_memberships_changed, sender=FormerMembership, dispatch_uid="organizations_former_memo_delete")


def conflict_of_interest(user, organization, *, on=None) -> bool:
    """Whether ``user`` is, or was within ``CONFLICT_OF_INTEREST_DAYS``, a member of ``organization``. Such a person
    may not review, decide, approve or release anything of that organization, whatever other role they hold."""
    if not user.is_authenticated or organization is None:
        return False
    if membership_of(user, organization) is not None:
        return True
    since = (on or timezone.now()) - datetime.timedelta(days=settings.CONFLICT_OF_INTEREST_DAYS)
    if on is None and getattr(user, "_recent_former_member", None) is False:
        return False  # read with the signed-in user (core.auth)
    if on is not None:
        return FormerMembership.objects.filter(user=user, organization=organization, left_at__gte=since).exists()
    # Remembered like membership_of: a page's permission checks ask this for each action they offer.
    memo = user.__dict__.setdefault("_former_membership_memo", {})
    key = (getattr(organization, "pk", organization), _membership_generation[0])
    if key not in memo:
        memo[key] = FormerMembership.objects.filter(user=user, organization=organization, left_at__gte=since).exists()
    return memo[key]


def active_membership(user, session) -> Membership | None:
    """The membership the user is acting through: the organization chosen with "switch" (kept in ``session``), or
    their first membership. None for users who belong to no organization."""
    memberships = memberships_for(user)
    active_id = session.get(ACTIVE_ORGANIZATION_SESSION_KEY) if session is not None else None
    if active_id:
        chosen = memberships.filter(organization_id=active_id).first()
        if chosen is not None:
            return chosen
    return memberships.first()


def current_organization(user, session) -> Organization | None:
    """The organization the user is acting for (see ``active_membership``)."""
    membership = active_membership(user, session)
    return membership.organization if membership is not None else None


def set_active_organization(session, organization: Organization) -> None:
    session[ACTIVE_ORGANIZATION_SESSION_KEY] = organization.pk


def credit_code_taken(code: str, *, exclude_pk: int | None = None) -> bool:
    """Whether another organization holds ``code``, in force or waiting for re-verification."""
    others = Organization.objects.exclude(pk=exclude_pk) if exclude_pk else Organization.objects.all()
    return others.filter(Q(credit_code=code) | Q(pending_legal_facts__credit_code=code)).exists()


def organizations_for_officer(user):
    """Organizations whose registering authority lies in the officer's region subtree (none for non-officers)."""
    region = user.officer_region if user.is_authenticated else None
    if region is None:
        return Organization.objects.none()
    return Organization.objects.in_region(region)


def officer_list(user):
    """The officer's organizations with what the queue and the export show, in a bounded number of queries."""
    return (
        organizations_for_officer(user)
        .select_related("registration_region__parent")
        .annotate(
            staff_count=Count("staff_members", filter=Q(staff_members__left_on__isnull=True), distinct=True),
            qualified_count=Count(
                "staff_members",
                filter=Q(staff_members__left_on__isnull=True) & ~Q(staff_members__qualification=Qualification.NONE),
                distinct=True,
            ),
        )
        .order_by("-submitted_at", "name")
    )


def covering_officers(organization):
    """Active officers whose region covers the organization's registering authority."""
    codes = [code for code in organization.registration_region.path.split("/") if code]
    return User.objects.filter(
        pk__in=OfficerScope.objects.filter(region__code__in=codes, is_active=True).values("user_id"), is_active=True
    )


def organization_admins(organization):
    return User.objects.filter(
        memberships__organization=organization, memberships__role=MemberRole.ADMIN, is_active=True
    )


def invitation_for_token(token: str) -> Invitation | None:
    if not token:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    return Invitation.objects.select_related("organization").filter(token_hash=digest).first()


def qualification_counts(organization) -> list[tuple[str, int]]:
    """Current staff by qualification level (what the public may see: counts, never names)."""
    rows = dict(
        StaffMember.objects.filter(organization=organization, left_on__isnull=True)
        .values_list("qualification")
        .annotate(n=Count("pk"))
        .values_list("qualification", "n")
    )
    labels = {Qualification.NONE: _("未取得职业资格")}
    return [(str(labels.get(value, label)), rows.get(value, 0)) for value, label in Qualification.choices]


def incubation_counts(region: Region) -> list[tuple[str, int]]:
    """Organizations currently incubating (培育孵化) per 市州 of the incubating program, within ``region``'s subtree,
    for dashboards: [(市州 name, count)], largest first."""
    rows = (
        Incubation.objects.filter(region__path__startswith=region.path, stage=IncubationStage.INCUBATING)
        .values("region__prefecture_code")
        .annotate(n=Count("organization", distinct=True))
    )
    counts = {row["region__prefecture_code"]: row["n"] for row in rows}
    names = dict(Region.objects.filter(code__in=counts).values_list("code", "name"))
    return sorted(((names.get(code, code or _("省本级")), n) for code, n in counts.items()), key=lambda r: -r[1])


def public_directory():
    """Verified organizations for the public directory, with what its list shows."""
    return (
        Organization.objects.verified()
        .select_related("registration_region__parent")
        .prefetch_related(
            Prefetch("service_regions", queryset=Region.objects.order_by("path")),
            "service_types",
        )
        .order_by("name")
    )


def incubations_for_officer(user):
    """Incubations run in the officer's region, with the support received, for the list and its export."""
    region = user.officer_region if user.is_authenticated else None
    if region is None:
        return Incubation.objects.none()
    return (
        Incubation.objects.filter(region__path__startswith=region.path)
        .select_related("organization", "region__parent")
        .annotate(support_count=Count("supports"), support_hours=Sum("supports__hours"))
        .order_by("stage", "-started_on", "pk")
    )
