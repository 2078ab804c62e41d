"""The second factor's pages (verify, enrol), the confirm page for sensitive actions, and the account security page
(second factor, backup codes, open sessions)."""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, verify_token

from ..reauth import auth_is_recent, mark_recent_auth, redirect_to_confirm, require_recent_auth, safe_next
from .forms import ConfirmForm, EnrolForm, TokenForm
from .sessions import session_end, sessions_end_others, sessions_for
from .signals import ENROLLED_SESSION_KEY
from .twofactor import (
    backup_codes_regenerate,
    has_two_factor,
    manual_entry_key,
    new_totp_key,
    qr_code_svg,
    totp_config_url,
    two_factor_disable,
    two_factor_enrol,
    two_factor_required,
)

ENROL_KEY_SESSION_KEY = "signin_enrol_key"
WRONG_TOKEN = _("验证码不正确、已使用过或已过期，请重新输入。连续输错时，每次需要等待的时间会逐渐变长。")


def _with_next(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _next(request):
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), settings.LOGIN_REDIRECT_URL)


def _match(user, token: str):
    """The device that accepts ``token``: the authenticator app for six digits, the backup codes otherwise.
    Each device's own throttling (django-otp) slows repeated wrong codes."""
    for device in devices_for_user(user):
        is_totp = device.__class__.__name__ == "TOTPDevice"
        if is_totp != (token.isdigit() and len(token) == 6):
            continue
        matched = verify_token(user, device.persistent_id, token)
        if matched is not None:
            return matched
    return None


def _codes_page(request, codes, next_url):
    response = render(request, "core/signin/backup_codes.html", {"codes": codes, "next": next_url})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
def verify(request):
    """After the password: the code from the authenticator app (or a backup code)."""
    user = request.user
    next_url = _next(request)
    if user.is_verified():
        return redirect(next_url)
    if not has_two_factor(user):
        # the devices were reset by a platform admin since this session began
        request.session[ENROLLED_SESSION_KEY] = False
        return redirect(_with_next("two_factor_enrol", next_url) if two_factor_required(user) else next_url)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        device = _match(user, form.cleaned_data["token"]) if form.is_valid() else None
        if device is not None:
            django_otp.login(request, device)
            return redirect(next_url)
        if form.is_valid():
            form.add_error("token", WRONG_TOKEN)
        status = 400
    return render(request, "core/signin/verify.html", {"form": form, "next": next_url}, status=status)


@login_required
@never_cache
def enrol(request):
    """Set up an authenticator app: scan the QR code, type the code it shows; then the backup codes, shown once."""
    user = request.user
    next_url = _next(request)
    if has_two_factor(user) and not (user.is_verified() and auth_is_recent(request)):
        # replacing an existing authenticator needs the current one (verified session) and a fresh password
        if not user.is_verified():
            return redirect(_with_next("two_factor_verify", next_url))
        return redirect_to_confirm(request)
    key = request.session.get(ENROL_KEY_SESSION_KEY)
    if not key:
        key = request.session[ENROL_KEY_SESSION_KEY] = new_totp_key()
    form = EnrolForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor_enrol(user=user, key=key, token=form.cleaned_data["token"], actor=user)
        except ValidationError as error:
            form.add_error(None, error)  # a dict keyed by "token" lands on that field
        else:
            del request.session[ENROL_KEY_SESSION_KEY]
            request.session[ENROLLED_SESSION_KEY] = True
            django_otp.login(request, device)
            messages.success(request, _("两步验证已开启。"))
            return _codes_page(request, codes, next_url)
    if request.method == "POST":
        status = 400
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": qr_code_svg(totp_config_url(user=user, key=key)),
        "manual_key": manual_entry_key(key),
        "required": two_factor_required(user),
    }
    return render(request, "core/signin/enrol.html", context, status=status)


@login_required
@never_cache
def confirm(request):
    """Password again (and the second factor when the user has one) before a sensitive action."""
    user = request.user
    next_url = _next(request)
    needs_token = has_two_factor(user)
    form = ConfirmForm(request.POST or None, request=request, needs_token=needs_token)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not needs_token or _match(user, form.cleaned_data["token"]) is not None:
                mark_recent_auth(request)
                return redirect(next_url)
            form.add_error("token", WRONG_TOKEN)
        status = 400
    return render(request, "core/signin/confirm.html", {"form": form, "next": next_url}, status=status)


@login_required
def account(request):
    """The account's security: second factor, backup codes, open sessions."""
    user = request.user
    context = {
        "enrolled": has_two_factor(user),
        "required": two_factor_required(user),
        "sessions": sessions_for(user),
        "current_key": request.session.session_key,
    }
    return render(request, "core/signin/account.html", context)


@login_required
@require_POST
@require_recent_auth()
def backup_codes(request):
    try:
        codes = backup_codes_regenerate(user=request.user, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("account_security")
    return _codes_page(request, codes, reverse("account_security"))


@login_required
@require_POST
@require_recent_auth()
def disable(request):
    try:
        two_factor_disable(user=request.user, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        request.session[ENROLLED_SESSION_KEY] = False
        messages.success(request, _("两步验证已关闭。"))
    return redirect("account_security")


@login_required
@require_POST
def end_session(request):
    try:
        session_id = int(request.POST.get("session", ""))
    except ValueError:
        session_id = 0
    current = sessions_for(request.user).filter(session_key=request.session.session_key).first()
    if current is not None and current.pk == session_id:
        messages.error(request, _("当前会话请用“退出”结束。"))
    elif session_end(user=request.user, user_session_id=session_id, actor=request.user):
        messages.success(request, _("该会话已结束，那台设备需要重新登录。"))
    else:
        messages.error(request, _("没有找到这个会话，它可能已经结束。"))
    return redirect("account_security")


@login_required
@require_POST
def end_other_sessions(request):
    count = sessions_end_others(user=request.user, current_session_key=request.session.session_key, actor=request.user)
    messages.success(request, _("已结束其他 %(count)s 个会话。") % {"count": count})
    return redirect("account_security")
