from .roles import role_labels


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notification_count": user.notifications.unread().count(),
        "user_role_labels": role_labels(user),
    }
