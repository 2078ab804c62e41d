"""What the money bought, in public figures and lists for the home page and the brand pages (aggregate queries, no
personal data)."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from core.models import Region
from delivery.selectors.rollups import brand_scope, rollup_for
from grants.models import Evaluation, Grant, Payment
from grants.public_figures import attach_figures, figure_columns
from grants.selectors import public_grants, published_evaluations
from organizations.models import Organization
from programs.models import Call
from programs.selectors import public_calls

from .impact import impact_figures, province_impact

HOME_LIST_LENGTH = 5
BRAND_PROJECTS = 20


def platform_figures() -> dict:
    """The province in figures: calls, projects, money, organizations, evaluations, children served (suppressed),
    service hours and the county map of children served."""
    now = timezone.now()
    grants = Grant.objects.aggregate(count=Count("id"), awarded=Sum("amount"))
    return {
        **province_impact(),
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
    published evaluations, and what delivery shows for them (children served on a county map, by category and by
    quarter, hours by service type; ``cms.impact``). Coverage is where its grants serve, never what an editor typed."""
    grants = Grant.objects.filter(brand_program=brand)
    totals = grants.aggregate(
        count=Count("id"), awarded=Sum("amount"), organizations=Count("organization", distinct=True)
    )
    paid = Payment.objects.filter(milestone__grant__brand_program=brand).aggregate(total=Sum("amount"))["total"]
    served = Region.objects.filter(served_grants__brand_program=brand).distinct().order_by("code")
    projects = list(public_grants().filter(brand_program=brand)[:BRAND_PROJECTS])
    # Children per project are suppressed within the brand (grants.public_figures), as on the funded-projects list.
    attach_figures(projects, Grant.objects.filter(pk__in=[grant.pk for grant in projects]))
    return {
        **impact_figures(grants, rollup_for(brand_scope(brand.pk))),
        "grants": totals["count"],
        "awarded": totals["awarded"] or Decimal("0.00"),
        "paid": paid or Decimal("0.00"),
        "organizations": totals["organizations"],
        "coverage": list(served),
        "projects": projects,
        "more_projects": totals["count"] > len(projects),
        "figure_columns": figure_columns(),
        "evaluations": list(published_evaluations().filter(grant__brand_program=brand)[:20]),
    }


def render_brand_figures(brand) -> str:
    """The brand page's figures, map, charts and projects for the page ``programs`` serves when no Wagtail page
    publishes the brand (registered with ``programs.brand_figures``)."""
    from django.template.loader import render_to_string

    return render_to_string(
        "cms/includes/brand_impact_standalone.html", {"brand": brand, "figures": brand_figures(brand)}
    )
