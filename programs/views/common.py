"""Small helpers shared by the views."""

from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
