"""What the money bought, in a few public figures for the home page (one query each, no personal data)."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from grants.models import Evaluation, Grant, Payment
from organizations.models import Organization
from programs.models import Call


def platform_figures() -> dict:
    now = timezone.now()
    grants = Grant.objects.aggregate(count=Count("id"), awarded=Sum("amount"))
    return {
        "verified_organizations": Organization.objects.verified().count(),
        "open_calls": Call.objects.open(now).count(),
        "grants": grants["count"],
        "awarded": grants["awarded"] or Decimal("0.00"),
        "paid": Payment.objects.aggregate(total=Sum("amount"))["total"] or Decimal("0.00"),
        "published_evaluations": Evaluation.objects.published().count(),
    }
