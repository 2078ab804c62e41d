from django.urls import path

from .views import evaluations, grants, milestones, payments, public

app_name = "grants"

urlpatterns = [
    path("", grants.grant_list, name="grant_list"),
    path("export.xlsx", grants.grant_export, name="grant_export"),
    path("overdue/", grants.overdue_list, name="overdue_list"),
    path("ready/", grants.ready_list, name="ready_list"),
    path("new/<int:application_pk>/", grants.grant_create_view, name="grant_create"),
    path("<int:pk>/", grants.grant_detail, name="grant_detail"),
    path("<int:pk>/contract/", grants.grant_contract, name="grant_contract"),
    path("<int:pk>/status/<slug:action>/", grants.grant_status, name="grant_status"),
    path("<int:pk>/evaluations/assign/", evaluations.evaluation_assign_view, name="evaluation_assign"),
    path("milestones/", milestones.milestone_queue, name="milestone_queue"),
    path("milestones/<int:pk>/", milestones.milestone_detail, name="milestone_detail"),
    path("milestones/<int:pk>/submit/", milestones.milestone_submit_view, name="milestone_submit"),
    path("milestones/<int:pk>/review/", milestones.milestone_review_view, name="milestone_review"),
    path("milestones/<int:pk>/release/", milestones.milestone_release_view, name="milestone_release"),
    path("milestones/<int:pk>/schedule/", milestones.milestone_schedule_view, name="milestone_schedule"),
    path("payments/", payments.payment_list, name="payment_list"),
    path("evidence/<int:pk>/", milestones.evidence_download, name="evidence_download"),
    path("evaluations/", evaluations.evaluation_list, name="evaluation_list"),
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/publish/", evaluations.evaluation_publish_view, name="evaluation_publish"),
    path("evaluations/<int:pk>/report/", evaluations.evaluation_report, name="evaluation_report"),
    # Public pages
    path("projects/", public.project_list, name="public_project_list"),
    path("projects/export.xlsx", public.project_export_xlsx, name="public_project_export_xlsx"),
    path("projects/export.csv", public.project_export_csv, name="public_project_export_csv"),
    path("projects/<int:pk>/", public.project_detail, name="public_project_detail"),
    path("results/", public.evaluation_results, name="public_evaluation_list"),
]
