"""``/api/v1/``: the open data API, its OpenAPI 3 description and its documentation page."""

from django.urls import path

from . import stats, views
from .docs import DocsView, SchemaView

app_name = "api"

urlpatterns = [
    path("calls/", views.CallList.as_view(), name="calls"),
    path("grants/", views.GrantList.as_view(), name="grants"),
    path("organizations/", views.OrganizationList.as_view(), name="organizations"),
    path("stats/", views.StatsIndex.as_view(), name="stats"),
    *(path(f"stats/{name}/", views.StatsView.as_view(dimension=name), name=f"stats_{name}") for name in stats.TABLES),
    path("fields/", views.FieldList.as_view(), name="fields"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
]
