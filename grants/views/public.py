"""Public pages: funded projects (立项项目) and published evaluation results (评估结果). No personal data: no contact
persons, no files, no narratives; only what a published evaluation summary says. Outputs and outcomes come from the
apps registered in ``grants.public_figures`` (children counts suppressed there)."""

from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, render

from core.filters import filter_status
from core.pagination import paginate

from ..filters import PublicGrantFilter
from ..models import Grant
from ..public_exports import public_grants_csv, public_grants_xlsx
from ..public_figures import attach_figures, figure_columns
from ..selectors import public_grants, published_evaluations


def _filtered(request):
    return PublicGrantFilter(request.GET or None, queryset=public_grants())


def _list_page(request, grant_filter, status: int = 200):
    # The public list names a mistyped filter and answers 200 (as it always has); a refused download answers 400.
    page = paginate(request, grant_filter.qs, 30)
    attach_figures(page.object_list, Grant.objects.filter(pk__in=[grant.pk for grant in page.object_list]))
    # What the (filtered) programme adds up to: how many projects, how much money, how many organizations. No total of
    # children: a total over any filter would let a reader subtract the shown projects from it (grants.public_figures).
    totals = grant_filter.qs.order_by().aggregate(
        amount=Sum("amount"), organizations=Count("organization", distinct=True)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "grants/public/project_list.html",
        {
            "page": page,
            "filter": grant_filter,
            "totals": totals,
            "figure_columns": figure_columns(),
            "query": query.urlencode(),
        },
        status=status,
    )


def project_list(request):
    return _list_page(request, _filtered(request))


def _export(request, respond):
    grant_filter = _filtered(request)
    if grant_filter.is_bound and not grant_filter.is_valid():
        # Exporting without the mistyped filter would hand over more than was asked: show the list and the error.
        return _list_page(request, grant_filter, status=filter_status(grant_filter))
    return respond(grant_filter.qs)


def project_export_xlsx(request):
    """The filtered list as an Excel workbook (the same filters as the page, every page of it)."""
    return _export(request, public_grants_xlsx)


def project_export_csv(request):
    """The filtered list as CSV, streamed."""
    return _export(request, public_grants_csv)


def project_detail(request, pk: int):
    # the grant that continues this one with it (renewal_chain), and the regions already prefetched ("served")
    grant = get_object_or_404(public_grants().select_related("continued_by"), pk=pk)
    attach_figures([grant], Grant.objects.filter(pk=grant.pk))
    return render(
        request,
        "grants/public/project_detail.html",
        {
            "grant": grant,
            "service_regions": grant.served,
            "milestones": grant.milestones.order_by("order"),
            "chain": grant.renewal_chain(),
        },
    )


def evaluation_results(request):
    page = paginate(request, published_evaluations(), 30)
    return render(request, "grants/public/evaluation_list.html", {"page": page})
