"""Reads of the referral network, each limited to what the user may see.

- a director: the referrals they reported, nothing else;
- a supervisor: the referrals of their township (with the child's name: they follow the case up with the director);
- an organization member: the referrals routed to their organization;
- an officer: the referrals of their region (pseudonymous: file number, masked ID, never the name), counts by county,
  time to first service and coverage gaps.
"""

from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone

from core.models import OfficerScope, Region, User
from delivery.models import ServiceLog

from .models import CareWorker, CareWorkerRole, Referral, ReferralStatus, RouteOutcome


def care_worker_of(user) -> CareWorker | None:
    """The user's active supervisor or director role, or None (cached on the user object for the request)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_care_worker_cache"):
        user._care_worker_cache = (
            CareWorker.objects.select_related("township", "township__parent").filter(user=user, is_active=True).first()
        )
    return user._care_worker_cache


def care_worker_role_subquery():
    """The outer user's active care-worker role, or NULL (read with the signed-in user: core.auth)."""
    return Subquery(CareWorker.objects.filter(user=OuterRef("pk"), is_active=True).values("role")[:1])


_NOT_LOADED = object()


def care_worker_role(user) -> str | None:
    """The user's active supervisor or director role ("supervisor", "director") or None, for the navigation."""
    role = getattr(user, "_care_worker_role", _NOT_LOADED)
    if role is not _NOT_LOADED:
        return role
    worker = care_worker_of(user)
    return worker.role if worker is not None else None


def _first_service_date():
    """The date of the first service log of the accepting grant for the referred child, on or after acceptance."""
    logs = ServiceLog.objects.filter(grant=OuterRef("grant"), date__gte=OuterRef("accepted_on")).filter(
        Q(beneficiary=OuterRef("beneficiary")) | Q(attendees=OuterRef("beneficiary"))
    )
    return Subquery(logs.order_by().values("grant").annotate(first=Min("date")).values("first")[:1])


def with_first_service(queryset):
    return queryset.annotate(first_service_on=_first_service_date())


def referrals_reported_by(user):
    return with_first_service(Referral.objects.filter(reporter=user).select_related("township", "organization"))


def referrals_of_township(township: Region):
    return with_first_service(
        Referral.objects.filter(township=township).select_related("township", "organization", "reporter")
    )


def referrals_for_organizations(organizations):
    """The referrals routed to any of ``organizations`` (the user's), now: a returned one is no longer theirs."""
    return with_first_service(
        Referral.objects.filter(organization__in=organizations).select_related("township", "county", "grant")
    )


def referrals_for_officer(region: Region):
    return with_first_service(
        Referral.objects.in_region(region).select_related("township", "county", "organization", "grant")
    )


def referral_service_logs(referral: Referral):
    """The service logs that followed the referral: the accepting grant's logs of this child since acceptance."""
    if referral.accepted_on is None or referral.beneficiary_id is None:
        return ServiceLog.objects.none()
    return (
        ServiceLog.objects.filter(grant=referral.grant_id, date__gte=referral.accepted_on)
        .filter(Q(beneficiary=referral.beneficiary_id) | Q(attendees=referral.beneficiary_id))
        .distinct()
        .select_related("service_type")
    )


def county_counts(region: Region) -> list[dict]:
    """Per county of ``region``: referrals reported, with no covering grant (gaps), still open, accepted, served
    (a service logged since), and the average days from report to first service. One grouped query."""
    served = Exists(
        ServiceLog.objects.filter(grant=OuterRef("grant"), date__gte=OuterRef("accepted_on")).filter(
            Q(beneficiary=OuterRef("beneficiary")) | Q(attendees=OuterRef("beneficiary"))
        )
    )
    rows = (
        Referral.objects.in_region(region)
        .annotate(is_served=served)
        .values("county__code", "county__name")
        .annotate(
            total=Count("pk"),
            gaps=Count("pk", filter=Q(route_outcome=RouteOutcome.NONE)),
            open=Count("pk", filter=Q(status__in=[ReferralStatus.ROUTED, ReferralStatus.WITH_OFFICER])),
            accepted=Count("pk", filter=Q(status=ReferralStatus.ACCEPTED)),
            served=Count("pk", filter=Q(is_served=True)),
        )
        .order_by("county__code")
    )
    days = _days_to_first_service(region)
    return [{**row, "avg_days_to_service": days.get(row["county__code"])} for row in rows]


def _days_to_first_service(region: Region) -> dict[str, float]:
    """Average days from report to first service per county code, over referrals that were served."""
    rows = (
        with_first_service(Referral.objects.in_region(region).filter(accepted_at__isnull=False))
        .filter(first_service_on__isnull=False)
        .values_list("county__code", "created_at", "first_service_on")
    )
    totals: dict[str, list[int]] = {}
    for code, created_at, first in rows:
        # Served referrals are few (one per child in need), so the difference of dates is taken here portably.
        totals.setdefault(code, []).append((first - timezone.localdate(created_at)).days)
    return {code: round(sum(values) / len(values), 1) for code, values in totals.items()}


def officers_for_township(township: Region):
    """The officers a referral of ``township`` goes to: those scoped to the nearest region above it that has any
    (the county's officers, else the 市州's, else the province's)."""
    codes = [code for code in township.path.split("/") if code]
    scopes = OfficerScope.objects.filter(region__code__in=codes, is_active=True, user__is_active=True)
    deepest = scopes.order_by("-region__depth").values_list("region__depth", flat=True).first()
    if deepest is None:
        return User.objects.none()
    return User.objects.filter(pk__in=scopes.filter(region__depth=deepest).values("user_id"))


def workers_of_region(region: Region):
    return (
        CareWorker.objects.filter(township__path__startswith=region.path)
        .select_related("user", "township")
        .annotate(reports=Count("user__referrals_reported"))
    )


def supervisors_of(township: Region):
    return User.objects.filter(
        care_worker__township=township, care_worker__role=CareWorkerRole.SUPERVISOR, care_worker__is_active=True
    )
