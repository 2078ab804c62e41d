from django.urls import path

from . import views

urlpatterns = [
    path("", views.portal, name="portal"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
]
