"""What the money bought, in public figures and lists for the home page and the brand pages (aggregate queries, no
personal data)."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from core.models import Region
from grants.models import Evaluation, Grant, Payment
from grants.selectors import public_grants, published_evaluations
from organizations.models import Organization
from programs.models import Call
from programs.selectors import public_calls

HOME_LIST_LENGTH = 5


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


def home_lists() -> dict:
    """What is happening now: calls open for applications, the latest funded projects and published evaluations."""
    now = timezone.now()
    return {
        "open_calls": list(
            public_calls().filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")[:HOME_LIST_LENGTH]
        ),
        "latest_grants": list(public_grants()[:HOME_LIST_LENGTH]),
        "latest_evaluations": list(published_evaluations()[:HOME_LIST_LENGTH]),
    }


def brand_figures(brand) -> dict:
    """A brand program's own facts, from the grants tagged with it: how many, how much, where, by whom, and the
    published evaluations. Coverage is where its grants serve, never what an editor typed."""
    grants = Grant.objects.filter(brand_program=brand)
    totals = grants.aggregate(
        count=Count("id"), awarded=Sum("amount"), organizations=Count("organization", distinct=True)
    )
    paid = Payment.objects.filter(milestone__grant__brand_program=brand).aggregate(total=Sum("amount"))["total"]
    served = Region.objects.filter(served_grants__brand_program=brand).distinct().order_by("code")
    return {
        "grants": totals["count"],
        "awarded": totals["awarded"] or Decimal("0.00"),
        "paid": paid or Decimal("0.00"),
        "organizations": totals["organizations"],
        "coverage": list(served),
        "projects": list(public_grants().filter(brand_program=brand)[:20]),
        "evaluations": list(published_evaluations().filter(grant__brand_program=brand)[:20]),
    }
