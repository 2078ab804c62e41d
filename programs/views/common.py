"""Small helpers shared by the views."""

from core.pagination import paginate as _paginate


def paginate(request, queryset, per_page: int = 25):
    return _paginate(request, queryset, per_page)
