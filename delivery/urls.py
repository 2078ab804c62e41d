from django.urls import path

from .views import children, guardian, logs, overview

app_name = "delivery"

urlpatterns = [
    path("grants/<int:grant_pk>/", overview.grant_overview, name="grant_overview"),
    path("grants/<int:grant_pk>/children/", children.child_list, name="child_list"),
    path("grants/<int:grant_pk>/children/new/", children.child_add, name="child_add"),
    path("grants/<int:grant_pk>/logs/", logs.log_list_view, name="log_list"),
    path("grants/<int:grant_pk>/logs/new/", logs.log_add, name="log_add"),
    path("grants/<int:grant_pk>/measurements/", logs.measurement_list_view, name="measurement_list"),
    path("grants/<int:grant_pk>/measurements/new/", logs.measurement_add, name="measurement_add"),
    path("children/<int:pk>/", children.child_file, name="child_file"),
    path("enrolments/<int:pk>/edit/", children.child_edit, name="child_edit"),
    path("enrolments/<int:pk>/consent/", children.consent_download, name="consent_download"),
    path("logs/<int:pk>/delete/", logs.log_delete, name="log_delete"),
    path("guardian/", guardian.guardian_find_view, name="guardian_find"),
    path("guardian/<int:pk>/", guardian.guardian_child, name="guardian_child"),
    path("guardian/<int:pk>/export/", guardian.guardian_export_view, name="guardian_export"),
    path("guardian/<int:pk>/delete/", guardian.guardian_delete_view, name="guardian_delete"),
]
