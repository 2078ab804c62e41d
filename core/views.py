from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .notifications import notification_mark_read, notifications_mark_all_read
from .portal import cards_for
from .roles import role_labels


@login_required
def portal(request):
    return render(request, "core/portal.html", {"cards": cards_for(request.user), "roles": role_labels(request.user)})


@login_required
def notifications(request):
    page = Paginator(request.user.notifications.all(), 30).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read_all(request):
    notifications_mark_all_read(user=request.user)
    return redirect("notifications")


@login_required
@require_POST
def notification_open(request, pk: int):
    notification = get_object_or_404(request.user.notifications, pk=pk)
    notification_mark_read(notification=notification)
    return redirect(notification.url or "notifications")


class _InvalidFormIs400:
    """An invalid form is a bad request: re-render it with the errors and status 400."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class LoginView(_InvalidFormIs400, auth_views.LoginView):
    pass


class PasswordChangeView(_InvalidFormIs400, auth_views.PasswordChangeView):
    pass


class PasswordResetView(_InvalidFormIs400, auth_views.PasswordResetView):
    pass


class PasswordResetConfirmView(_InvalidFormIs400, auth_views.PasswordResetConfirmView):
    pass
