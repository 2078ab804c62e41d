from django.urls import path

from .views import applicant, funding, indicators, officer_applications, officer_calls, public, reviewer

app_name = "programs"

urlpatterns = [
    # Public
    path("calls/", public.call_list, name="call_list"),
    path("calls/<int:pk>/", public.call_detail, name="call_detail"),
    path(
        "calls/<int:pk>/attachments/<int:attachment_pk>/",
        public.call_attachment_download,
        name="call_attachment_download",
    ),
    path("brands/", public.brand_list, name="brand_list"),
    path("brands/<slug:slug>/", public.brand_detail, name="brand_detail"),
    # Applicants
    path("calls/<int:call_pk>/apply/", applicant.application_start, name="application_start"),
    path("applications/", applicant.my_applications, name="my_applications"),
    path("applications/<int:pk>/", applicant.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applicant.application_edit, name="application_edit"),
    path("applications/<int:pk>/targets/", indicators.application_targets, name="application_targets"),
    path("applications/<int:pk>/submit/", applicant.application_submit_view, name="application_submit"),
    path("applications/<int:pk>/withdraw/", applicant.application_withdraw_view, name="application_withdraw"),
    path("applications/<int:pk>/attachments/", applicant.attachment_upload, name="attachment_upload"),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/",
        applicant.attachment_download,
        name="attachment_download",
    ),
    # Reviewers
    path("reviews/", reviewer.my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/", reviewer.review_detail, name="review_detail"),
    path("reviews/<int:pk>/declare/", reviewer.review_declare_view, name="review_declare"),
    path("reviews/<int:pk>/decline/", reviewer.review_decline_view, name="review_decline"),
    path("reviews/<int:pk>/submit/", reviewer.review_submit_view, name="review_submit"),
    # Officers
    path("work/calls/", officer_calls.call_list, name="officer_calls"),
    path("work/calls/new/", officer_calls.call_create, name="officer_call_create"),
    path("work/calls/<int:pk>/", officer_calls.call_detail, name="officer_call_detail"),
    path("work/calls/<int:pk>/edit/", officer_calls.call_edit, name="officer_call_edit"),
    path("work/calls/<int:pk>/indicators/", indicators.call_indicators, name="officer_call_indicators"),
    path("work/calls/<int:pk>/funding/", funding.call_funding, name="officer_call_funding"),
    path("work/calls/<int:pk>/publish/", officer_calls.call_publish_view, name="officer_call_publish"),
    path("work/calls/<int:pk>/cancel/", officer_calls.call_cancel_view, name="officer_call_cancel"),
    path("work/calls/<int:pk>/ranking/", officer_calls.call_ranking, name="officer_call_ranking"),
    path("work/calls/<int:pk>/export.xlsx", officer_calls.call_export, name="officer_call_export"),
    path("work/calls/<int:pk>/notice/", officer_calls.notice_publish_view, name="officer_notice_publish"),
    path("work/calls/<int:pk>/attachments/", officer_calls.call_attachment_upload, name="officer_call_attach"),
    path("work/applications/", officer_applications.application_list, name="officer_applications"),
    path("work/applications/<int:pk>/", officer_applications.application_detail, name="officer_application_detail"),
    path(
        "work/applications/<int:pk>/return/",
        officer_applications.application_return_view,
        name="officer_application_return",
    ),
    path(
        "work/applications/<int:pk>/pass/", officer_applications.application_pass_view, name="officer_application_pass"
    ),
    path(
        "work/applications/<int:pk>/assign/",
        officer_applications.application_assign_view,
        name="officer_application_assign",
    ),
    path(
        "work/applications/<int:pk>/decide/",
        officer_applications.application_decide_view,
        name="officer_application_decide",
    ),
    path(
        "work/applications/<int:pk>/versions/",
        officer_applications.application_versions,
        name="officer_application_versions",
    ),
]
