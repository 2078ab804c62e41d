from django.urls import path

from . import views

urlpatterns = [
    path("two-factor/verify/", views.verify, name="two_factor_verify"),
    path("two-factor/enrol/", views.enrol, name="two_factor_enrol"),
    path("confirm/", views.confirm, name="reauth_confirm"),
    path("security/", views.account, name="account_security"),
    path("security/backup-codes/", views.backup_codes, name="two_factor_backup_codes"),
    path("security/two-factor/disable/", views.disable, name="two_factor_disable"),
    path("security/sessions/end/", views.end_session, name="session_end"),
    path("security/sessions/end-others/", views.end_other_sessions, name="sessions_end_others"),
]
