"""Where a referral goes: the organization holding the one active grant that covers the child's township and the
need; the county officer when no grant does (a coverage gap) or several do (the officer chooses).

A grant covers a township when its service regions include the township or its county. It covers a need when its
call lists one of the need's service types, or lists none (a call open to every service type).
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from grants.models import Grant
from grants.models.grants import ACTIVE_STATUSES

from .models import Need

# Service type codes (core.models.vocabularies.SERVICE_TYPES) that answer each need.
NEED_SERVICE_TYPES: dict[str, tuple[str, ...]] = {
    Need.GUARDIANSHIP: ("guardianship", "social_work"),
    Need.PSYCHOLOGICAL: ("counselling", "behaviour"),
    Need.SAFETY: ("guardianship", "safety", "social_work"),
    Need.SCHOOLING: ("tutoring", "special_education"),
    Need.HEALTH: ("medical", "rehabilitation"),
    Need.BASIC_LIVING: ("social_work", "integration"),
    Need.OTHER: ("social_work", "other"),
}


def covering_grants(*, township, need: str, today: datetime.date | None = None):
    """Active grants (signed or in progress, inside their period today) serving ``township`` (or its county)
    with a service type answering ``need``."""
    today = today or timezone.localdate()
    regions = [township.pk] + ([township.parent_id] if township.parent_id else [])
    return (
        Grant.objects.filter(
            status__in=ACTIVE_STATUSES,
            start_date__lte=today,
            end_date__gte=today,
            service_regions__in=regions,
        )
        .filter(Q(call__service_types__code__in=NEED_SERVICE_TYPES[need]) | Q(call__service_types__isnull=True))
        .select_related("organization")
        .distinct()
        .order_by("pk")
    )
