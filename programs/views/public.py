"""Public pages: the call index and a call's page (when no Wagtail page publishes it), and the brand list."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.files import private_file_response

from .. import public_pages
from ..brand_figures import render_brand_figures
from ..filters import PublicCallFilter
from ..models import BrandProgram
from ..selectors import public_calls, public_notices
from .common import paginate


def call_list_context(request) -> dict:
    """Shared by this view and the Wagtail CallIndexPage (whose own ``page`` variable must stay the Wagtail page, so
    the list's page is ``calls_page``)."""
    call_filter = PublicCallFilter(request.GET or None, queryset=public_calls().order_by("-opens_at", "-id"))
    calls = call_filter.qs.distinct() if call_filter.is_bound else call_filter.queryset
    page = paginate(request, calls, per_page=20)
    return {"filter": call_filter, "calls_page": page, "calls": page.object_list, "now": timezone.now()}


def _to_public_site(request, kind: str):
    target = public_pages.url(kind)
    if not target:
        return None
    return redirect(f"{target}?{request.GET.urlencode()}" if request.GET else target)


def call_list(request):
    """The nav's 申报指南: the public site's call index when it is live (same list and filters), else this page."""
    if (response := _to_public_site(request, public_pages.CALL_INDEX)) is not None:
        return response
    return render(request, "programs/public/call_list.html", call_list_context(request))


def call_detail(request, pk: int):
    call = get_object_or_404(public_calls(), pk=pk)
    page = call.pages.live().first() if hasattr(call, "pages") else None
    if page is not None:
        return redirect(page.url)
    return render(
        request,
        "programs/public/call_detail.html",
        {"call": call, "notices": public_notices(call), "today": timezone.localdate()},
    )


def brand_list(request):
    brands = BrandProgram.objects.prefetch_related("regions")
    return render(request, "programs/public/brand_list.html", {"brands": brands})


def brand_detail(request, slug: str):
    brand = get_object_or_404(BrandProgram, slug=slug)
    page = brand.pages.live().first() if hasattr(brand, "pages") else None
    if page is not None:
        return redirect(page.url)
    calls = public_calls().filter(brand_program=brand)
    return render(
        request,
        "programs/public/brand_detail.html",
        {"brand": brand, "calls": calls, "brand_figures_html": render_brand_figures(brand)},
    )


def call_attachment_download(request, pk: int, attachment_pk: int):
    """Attachments of a published call are public (the call itself is)."""
    call = get_object_or_404(public_calls(), pk=pk)
    attachment = get_object_or_404(call.attachments, pk=attachment_pk)
    return private_file_response(attachment.file)
