"""Excel import pages of a grant, under /delivery/grants/<grant_pk>/imports/ (included from config/urls.py)."""

from django.urls import path

from .views import imports

app_name = "delivery_imports"

urlpatterns = [
    path("", imports.import_list, name="import_list"),
    path("templates/<str:kind>.xlsx", imports.template_download, name="template_download"),
    path("<int:pk>/", imports.import_detail, name="import_detail"),
    path("<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path("<int:pk>/start/", imports.import_start, name="import_start"),
    path("<int:pk>/errors.xlsx", imports.error_download, name="error_download"),
]
