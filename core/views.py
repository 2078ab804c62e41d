from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .notifications import notification_mark_read, notifications_mark_all_read
from .portal import cards_for
from .ratelimits import by_post_field, limit_reached, rate_limit, too_many_requests
from .roles import role_labels
from .signin import throttle


@login_required
def portal(request):
    return render(request, "core/portal.html", {"cards": cards_for(request.user), "roles": role_labels(request.user)})


@login_required
def landing(request):
    """Where signing in leads: an officer lands on the dashboard of their region, everyone else on the portal (whose
    cards an officer still reaches from the menu)."""
    return redirect(settings.OFFICER_LANDING_URL if request.user.is_officer else "portal")


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


@method_decorator(rate_limit(group="login.ip"), name="post")
class LoginView(_InvalidFormIs400, auth_views.LoginView):
    """Per address: a rate limit. Per account: a growing delay after repeated failures (core.signin.throttle), never
    a lock. Per (account, address): django-axes' short lock. The second factor follows (core.signin)."""

    def post(self, request, *args, **kwargs):
        wait = throttle.seconds_to_wait(request.POST.get("username", ""))
        if wait:
            return too_many_requests(
                request,
                retry_after=wait,
                message=_("该账号最近登录失败次数较多，请 %(seconds)s 秒后再试。") % {"seconds": wait},
            )
        return super().post(request, *args, **kwargs)


class PasswordChangeView(_InvalidFormIs400, auth_views.PasswordChangeView):
    pass


@method_decorator(rate_limit(group="password_reset.ip"), name="post")
class PasswordResetView(_InvalidFormIs400, auth_views.PasswordResetView):
    """Beyond a few requests per e-mail address per hour no more e-mail is sent, but the page answers exactly as
    usual: a stranger can neither flood someone's mailbox nor learn whether the address has an account (and a 429
    here would let anyone block a real owner's reset)."""

    def form_valid(self, form):
        if limit_reached(self.request, group="password_reset.email", key=by_post_field("email")):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(_InvalidFormIs400, auth_views.PasswordResetConfirmView):
    pass
