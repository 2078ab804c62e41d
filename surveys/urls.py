from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("calls/<int:pk>/questions/", views.call_questions, name="call_questions"),
    path("grants/<int:pk>/", views.grant_surveys, name="grant_surveys"),
    path("grants/<int:pk>/results/", views.grant_results, name="grant_results"),
    path("sheets/<int:pk>/", views.sheet_print, name="sheet_print"),
]
