from django.urls import path

from . import audit_search, views

urlpatterns = [
    path("", views.portal, name="portal"),
    path("start/", views.landing, name="landing"),
    path("audit/", audit_search.audit_list, name="audit_list"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
]
