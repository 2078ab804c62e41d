"""The public directory of verified organizations. No staff personal data: counts by qualification only."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from core.filters import filter_status
from core.models import Region

from ..filters import PublicOrganizationFilter
from ..models import OrganizationType
from ..public import public_sections
from ..selectors import public_directory, qualification_counts


def directory(request):
    directory_filter = PublicOrganizationFilter(request.GET or None, queryset=public_directory())
    page = Paginator(directory_filter.qs, 20).get_page(request.GET.get("page"))
    cleaned = getattr(directory_filter.form, "cleaned_data", {}) if directory_filter.is_bound else {}
    context = {
        "page": page,
        "filter": directory_filter,
        "q": (cleaned.get("q") or "").strip(),
        "org_type": cleaned.get("type") or "",
        "type_choices": OrganizationType.choices,
        "prefectures": Region.objects.prefecture_units().order_by("code"),
        "prefecture": cleaned.get("region") or "",
    }
    return render(request, "organizations/public_directory.html", context, status=filter_status(directory_filter))


def public_detail(request, pk: int):
    organization = get_object_or_404(public_directory(), pk=pk)
    context = {
        "organization": organization,
        "service_regions": organization.service_regions.all(),
        "qualification_counts": qualification_counts(organization),
        "sections": public_sections(organization),
        "prefecture": Region.objects.filter(code=organization.registration_region.prefecture_code).first(),
    }
    return render(request, "organizations/public_detail.html", context)
