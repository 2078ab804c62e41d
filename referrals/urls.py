from django.urls import path

from .views import account, officer, organization, reports

app_name = "referrals"

urlpatterns = [
    path("", reports.home, name="home"),
    path("new/", reports.report, name="report"),
    path("<int:pk>/", reports.referral_detail, name="referral_detail"),
    path("<int:pk>/accept/", organization.accept, name="accept"),
    path("<int:pk>/return/", organization.return_referral, name="return"),
    path("<int:pk>/assign/", officer.assign, name="assign"),
    path("<int:pk>/close/", officer.close, name="close"),
    path("inbox/", organization.inbox, name="inbox"),
    path("officer/", officer.overview, name="officer_overview"),
    path("officer/workers/", officer.workers, name="workers"),
    path("officer/workers/<int:pk>/reissue/", officer.reissue, name="reissue"),
    path("officer/workers/template/<str:county_code>/", officer.workers_template, name="workers_template"),
    path("officer/hotline/", officer.hotline, name="hotline"),
    path("activate/", account.activate, name="activate"),
    path("activate/<str:token>/", account.activate_link, name="activate_link"),
]
