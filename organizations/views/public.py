"""The public directory of verified organizations. No staff personal data: counts by qualification only."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from core.models import Region

from ..models import OrganizationType
from ..public import public_sections
from ..selectors import public_directory, qualification_counts


def directory(request):
    organizations = public_directory()
    q = request.GET.get("q", "").strip()
    if q:
        organizations = organizations.filter(Q(name__icontains=q) | Q(service_regions__name__icontains=q)).distinct()
    org_type = request.GET.get("type", "")
    if org_type in OrganizationType.values:
        organizations = organizations.filter(org_type=org_type)
    prefectures = Region.objects.prefecture_units().order_by("code")
    prefecture = request.GET.get("region", "")
    if prefecture:
        organizations = organizations.filter(registration_region__prefecture_code=prefecture)
    page = Paginator(organizations, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "org_type": org_type,
        "type_choices": OrganizationType.choices,
        "prefectures": prefectures,
        "prefecture": prefecture,
    }
    return render(request, "organizations/public_directory.html", context)


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
