"""Public pages: funded projects (立项项目) and published evaluation results (评估结果). No personal data: no contact
persons, no files, no narratives; only what a published evaluation summary says."""

from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, render

from ..filters import PublicGrantFilter
from ..selectors import public_grants, published_evaluations


def project_list(request):
    grant_filter = PublicGrantFilter(request.GET or None, queryset=public_grants())
    page = Paginator(grant_filter.qs, 30).get_page(request.GET.get("page"))
    # What the (filtered) programme adds up to: how many projects, how much money, how many organizations.
    totals = grant_filter.qs.order_by().aggregate(
        amount=Sum("amount"), organizations=Count("organization", distinct=True)
    )
    return render(request, "grants/public/project_list.html", {"page": page, "filter": grant_filter, "totals": totals})


def project_detail(request, pk: int):
    grant = get_object_or_404(public_grants(), pk=pk)
    return render(
        request,
        "grants/public/project_detail.html",
        {
            "grant": grant,
            "service_regions": grant.service_regions.all(),
            "milestones": grant.milestones.order_by("order"),
            "chain": grant.renewal_chain(),
        },
    )


def evaluation_results(request):
    page = Paginator(published_evaluations(), 30).get_page(request.GET.get("page"))
    return render(request, "grants/public/evaluation_list.html", {"page": page})
