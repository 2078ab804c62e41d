"""Reads about children: a grant's list and one child's file, shaped by who is asking."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from organizations.models import Organization

from ..models import Beneficiary, Enrolment, OutcomeMeasurement, ServiceForm, ServiceLog


def serving_organization_ids(user) -> set[int]:
    """The organizations ``user`` belongs to (a viewer sees names only on enrolments of these)."""
    if not user.is_authenticated:
        return set()
    return set(Organization.objects.filter(memberships__user=user).values_list("pk", flat=True))


def children_of_grant(grant, *, with_names: bool):
    """Children enrolled on ``grant``, newest first, with categories and county; ``enrolment_name`` annotated only
    for the serving organization (officers get the pseudonymous file number and no name)."""
    children = (
        Beneficiary.objects.served_under(grant).select_related("county").prefetch_related("categories").order_by("-pk")
    )
    if with_names:
        name = Enrolment.objects.filter(beneficiary=OuterRef("pk"), grant=grant).values("name")[:1]
        children = children.annotate(enrolment_name=Subquery(name))
    return children


def enrolment_of(beneficiary, organization_ids: set[int]):
    """The viewer's organization's most recent enrolment of this child (for its name), or None."""
    return (
        Enrolment.objects.filter(beneficiary=beneficiary, organization_id__in=organization_ids)
        .select_related("grant")
        .order_by("-enrolled_at")
        .first()
    )


@dataclass
class EnrolmentSection:
    """One grant serving the child, as the viewer may see it."""

    enrolment: Enrolment
    own: bool
    logs: list = field(default_factory=list)  # full rows, own organization only
    by_type: list = field(default_factory=list)  # [{service_type__name, form, sessions, minutes}]
    measurements: list = field(default_factory=list)

    @property
    def hours(self):
        return round(sum(row["minutes"] or 0 for row in self.by_type) / 60, 1)


def beneficiary_file(beneficiary, user) -> list[EnrolmentSection]:
    """Everything the child received, per grant and organization. The viewer's own organization's sections list each
    service with staff and notes; any other organization's show only counts and hours by service type and form."""
    own_ids = serving_organization_ids(user)
    enrolments = list(
        Enrolment.objects.filter(beneficiary=beneficiary)
        .select_related("grant", "organization")
        .order_by("enrolled_at")
    )
    involving = Q(beneficiary=beneficiary) | Q(attendees=beneficiary)
    grant_ids = [e.grant_id for e in enrolments]
    by_type = (
        ServiceLog.objects.filter(involving, grant_id__in=grant_ids)
        .values("grant_id", "service_type__name", "form")
        .annotate(sessions=Count("pk", distinct=True), minutes=Sum("minutes"))
        .order_by("grant_id", "service_type__name", "form")
    )
    own_grants = [e.grant_id for e in enrolments if e.organization_id in own_ids]
    logs = (
        ServiceLog.objects.filter(involving, grant_id__in=own_grants)
        .select_related("service_type", "staff_member")
        .distinct()
        .order_by("-date", "-pk")
    )
    measurements = (
        OutcomeMeasurement.objects.filter(beneficiary=beneficiary, grant_id__in=grant_ids)
        .select_related("indicator")
        .order_by("measured_on", "pk")
    )
    sections = {e.grant_id: EnrolmentSection(enrolment=e, own=e.organization_id in own_ids) for e in enrolments}
    for row in by_type:
        row["form_label"] = ServiceForm(row["form"]).label
        sections[row["grant_id"]].by_type.append(row)
    for log in logs[:500]:
        sections[log.grant_id].logs.append(log)
    for measurement in measurements:
        sections[measurement.grant_id].measurements.append(measurement)
    return list(sections.values())


def log_list(grant):
    """A grant's service logs, newest first, for a list page (bounded queries: one for the page, one prefetch).
    The attendees are counted by a correlated subquery, for the page's rows only: a join and GROUP BY would group
    every log of the grant (and read the whole attendee table) before the page is cut, in the paginator's COUNT
    too (docs/benchmarks.md)."""
    attendees = (
        ServiceLog.attendees.through.objects.filter(servicelog=OuterRef("pk"))
        .order_by()
        .values("servicelog")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        ServiceLog.objects.filter(grant=grant)
        .select_related("service_type", "staff_member")
        .annotate(attendee_count=Coalesce(Subquery(attendees), 0))
        .order_by("-date", "-pk")
    )


def measurement_list(grant):
    return (
        OutcomeMeasurement.objects.filter(grant=grant)
        .select_related("indicator", "beneficiary")
        .order_by("-measured_on", "-pk")
    )
