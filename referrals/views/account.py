"""Setting the password of an account an officer created: with the e-mailed link, or with the printed code and
the phone number it was printed for. Anonymous pages, rate limited per address (a code is guessed only by trying)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import apply_service_errors
from core.ratelimits import rate_limit

from ..forms import ActivateForm, ActivateLinkForm
from ..services import account_setup_complete
from ..services.workers import account_setup_for


@rate_limit(group="referrals.activate.ip")
def activate(request):
    form = ActivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_setup_complete(token=data["code"], username=data["username"], password=data["password1"])
        except ValidationError as error:
            apply_service_errors(form, error, fields_map={"__all__": "password1"})
        else:
            messages.success(request, _("密码已设置，请用手机号码和新密码登录。"))
            return redirect("login")
    return render(
        request,
        "referrals/activate.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@rate_limit(group="referrals.activate.ip")
def activate_link(request, token: str):
    setup = account_setup_for(token)
    if setup is None:
        return render(request, "referrals/activate.html", {"invalid": True}, status=404)
    form = ActivateLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_setup_complete(token=token, password=form.cleaned_data["password1"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("密码已设置，请用手机号码和新密码登录。"))
            return redirect("login")
    return render(
        request,
        "referrals/activate.html",
        {"form": form, "username": setup.user.username},
        status=400 if request.method == "POST" else 200,
    )
