"""Self-registration of an organization and the choice of the organization a member acts for."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_service_errors
from core.permissions import require
from core.ratelimits import rate_limit

from ..forms import AccountForm, OrganizationProfileForm
from ..selectors import active_membership, memberships_for, set_active_organization
from ..services import organization_register
from .common import render_invalid

TEMPLATE = "organizations/register.html"
AUTH_BACKEND = "core.auth.UserBackend"


@rate_limit(group="register.ip")
def register(request):
    """Anonymous visitors create their account and the organization together; a logged-in user adds another
    organization with themself as its first admin."""
    anonymous = not request.user.is_authenticated
    if not anonymous:
        require(request.user, "organizations.join")  # an officer is told why before filling in the form
    if request.method == "POST":
        account_form = AccountForm(request.POST, prefix="account") if anonymous else None
        form = OrganizationProfileForm(request.POST, request.FILES)
        forms_valid = form.is_valid() & (account_form.is_valid() if account_form else True)
        if forms_valid:
            try:
                user, organization = organization_register(
                    data=form.service_data(),
                    actor=None if anonymous else request.user,
                    account=account_form.account_data() if account_form else None,
                )
            except ValidationError as error:
                target = account_form if account_form and "username" in getattr(error, "error_dict", {}) else form
                apply_service_errors(target, error)
            else:
                if anonymous:
                    login(request, user, backend=AUTH_BACKEND)
                set_active_organization(request.session, organization)
                messages.success(
                    request,
                    _("“%(name)s”已注册成功，正在等待登记地区项目官员审核。审核通过前可以完善资料和社工队伍。")
                    % {"name": organization.name},
                )
                return redirect("organizations:detail", organization.pk)
        context = {"form": form, "account_form": account_form}
        return render_invalid(request, TEMPLATE, context)
    context = {"form": OrganizationProfileForm(), "account_form": AccountForm(prefix="account") if anonymous else None}
    return render(request, TEMPLATE, context)


@login_required
def mine(request):
    """The organization the user is acting for, or registration if they belong to none."""
    membership = active_membership(request.user, request.session)
    if membership is None:
        return redirect("organizations:register")
    return redirect("organizations:detail", membership.organization_id)


@login_required
@require_POST
def switch(request):
    pk = request.POST.get("organization", "")
    if not pk.isdigit():
        raise Http404
    membership = get_object_or_404(memberships_for(request.user), organization_id=int(pk))
    set_active_organization(request.session, membership.organization)
    messages.success(request, _("已切换到“%(name)s”。") % {"name": membership.organization.name})
    return redirect("organizations:detail", membership.organization_id)
