from django.urls import path

from .views import incubation, members, officer, profile, public, registration, roster

app_name = "organizations"

urlpatterns = [
    # public
    path("directory/", public.directory, name="directory"),
    path("directory/<int:pk>/", public.public_detail, name="public_detail"),
    # registration and the organization a member acts for
    path("register/", registration.register, name="register"),
    path("mine/", registration.mine, name="mine"),
    path("switch/", registration.switch, name="switch"),
    path("invitations/<str:token>/", members.accept, name="invitation_accept"),
    # an organization's pages (members and covering officers)
    path("<int:pk>/", profile.detail, name="detail"),
    path("<int:pk>/edit/", profile.edit, name="edit"),
    path("<int:pk>/documents/<str:kind>/", profile.document, name="document"),
    path("<int:pk>/members/", members.members, name="members"),
    path("<int:pk>/members/invite/", members.invite, name="invite"),
    path("<int:pk>/members/<int:membership_pk>/role/", members.change_role, name="change_role"),
    path("<int:pk>/members/<int:membership_pk>/remove/", members.remove, name="remove_member"),
    path("<int:pk>/invitations/<int:invitation_pk>/revoke/", members.revoke, name="revoke_invitation"),
    path("<int:pk>/invitations/<int:invitation_pk>/resend/", members.resend, name="resend_invitation"),
    path("<int:pk>/staff/", roster.staff, name="staff"),
    path("<int:pk>/staff/new/", roster.staff_new, name="staff_new"),
    path("<int:pk>/staff/<int:staff_pk>/edit/", roster.staff_edit, name="staff_edit"),
    path("<int:pk>/staff/<int:staff_pk>/delete/", roster.staff_delete, name="staff_delete"),
    path("<int:pk>/annual/new/", roster.annual_new, name="annual_new"),
    path("annual/<int:pk>/evidence/", roster.annual_evidence, name="annual_evidence"),
    # officers
    path("officer/", officer.queue, name="officer_queue"),
    path("officer/export/", officer.export, name="officer_export"),
    path("<int:pk>/verify/", officer.verify, name="verify"),
    path("<int:pk>/return/", officer.return_, name="return"),
    path("annual/<int:pk>/confirm/", officer.annual_confirm, name="annual_confirm"),
    path("<int:pk>/incubations/new/", incubation.incubation_new, name="incubation_new"),
    path("incubations/", incubation.incubation_list, name="incubation_list"),
    path("incubations/<int:pk>/", incubation.incubation_detail, name="incubation_detail"),
    path("incubations/<int:pk>/support/", incubation.incubation_support, name="incubation_support"),
    path("incubations/<int:pk>/graduate/", incubation.incubation_graduate_view, name="incubation_graduate"),
    path("incubations/<int:pk>/end/", incubation.incubation_end_view, name="incubation_end"),
]
