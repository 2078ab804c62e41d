"""Members of an organization: invitations, roles, removal, and accepting an invitation."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_service_errors
from core.permissions import check
from core.ratelimits import by_url_kwarg, rate_limit
from core.reauth import require_recent_auth

from ..forms import AccountForm, InvitationForm, RoleForm
from ..models import Invitation, Membership
from ..selectors import invitation_for_token, set_active_organization
from ..services import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    membership_change_role,
    membership_remove,
)
from ..services.members import invitation_problem, invitation_wrong_account
from .common import organization_for, render_invalid
from .registration import AUTH_BACKEND


def _members_page(request, organization, *, invite_form=None, status=200):
    can_manage = check(request.user, "organizations.manage_members", organization).allowed
    context = {
        "organization": organization,
        "memberships": organization.memberships.select_related("user").order_by("-role", "joined_at"),
        "invitations": Invitation.objects.open().filter(organization=organization).select_related("invited_by")
        if can_manage
        else [],
        "can_manage": can_manage,
        "invite_form": invite_form or InvitationForm(),
        "role_choices": Membership._meta.get_field("role").choices,
    }
    return render(request, "organizations/members.html", context, status=status)


@login_required
def members(request, pk: int):
    return _members_page(request, organization_for(request, pk))


@login_required
@require_POST
@rate_limit(
    group="invite.organization",
    key=by_url_kwarg("pk", model="organizations.Organization", action="organizations.manage_members"),
)
def invite(request, pk: int):
    organization = organization_for(request, pk, "organizations.manage_members")
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, _token = invitation_create(
                organization=organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("邀请邮件已发送至 %(email)s，链接 7 天内有效、只能使用一次。") % {"email": invitation.email}
            )
            return redirect("organizations:members", organization.pk)
    return _members_page(request, organization, invite_form=form, status=400)


def _membership(request, pk, membership_pk):
    organization = organization_for(request, pk, "organizations.manage_members")
    return get_object_or_404(Membership.objects.select_related("user"), pk=membership_pk, organization=organization)


@login_required
@require_POST
@require_recent_auth()
def change_role(request, pk: int, membership_pk: int):
    membership = _membership(request, pk, membership_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择有效的角色。"))
        return redirect("organizations:members", pk)
    try:
        membership_change_role(membership=membership, role=form.cleaned_data["role"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _members_page(request, membership.organization, status=400)
    messages.success(request, _("已更新 %(name)s 的角色。") % {"name": membership.user.display_name})
    return redirect("organizations:members", pk)


@login_required
@require_POST
def remove(request, pk: int, membership_pk: int):
    membership = _membership(request, pk, membership_pk)
    try:
        membership_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _members_page(request, membership.organization, status=400)
    messages.success(request, _("已将 %(name)s 移出本组织。") % {"name": membership.user.display_name})
    if membership.user_id == request.user.pk:
        return redirect("portal")
    return redirect("organizations:members", pk)


@login_required
@require_POST
def revoke(request, pk: int, invitation_pk: int):
    organization = organization_for(request, pk, "organizations.manage_members")
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organization=organization)
    try:
        invitation_revoke(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("邀请已撤销。"))
    return redirect("organizations:members", organization.pk)


def _invitee_account_form(invitation, data=None):
    """The sign-up form of an anonymous invitee: the account takes the invited address (shown, not editable)."""
    form = AccountForm(data, prefix="account", initial={"email": invitation.email})
    form.fields["email"].disabled = True
    form.fields["email"].help_text = _("邀请发给这个邮箱，账号将使用它。")
    return form


@login_required
@require_POST
def resend(request, pk: int, invitation_pk: int):
    organization = organization_for(request, pk, "organizations.manage_members")
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organization=organization)
    try:
        invitation_resend(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _members_page(request, organization, status=400)
    messages.success(
        request,
        _("已重新发送邀请邮件至 %(email)s：新链接 7 天内有效，原链接已失效。") % {"email": invitation.email},
    )
    return redirect("organizations:members", organization.pk)


def _refusal_for(user, invitation) -> str:
    """Why the logged-in ``user`` may not accept (an officer not allowed to join, another address), or ""."""
    decision = check(user, "organizations.join")
    if not decision.allowed:
        return decision.reason
    return invitation_wrong_account(invitation, user)


def accept(request, token: str):
    """Show the invitation (GET has no side effects); POST accepts it as the logged-in user, or registers an
    account first."""
    template = "organizations/invitation_accept.html"
    invitation = invitation_for_token(token)
    problem = invitation_problem(invitation)
    anonymous = not request.user.is_authenticated
    account_form = None
    if problem:
        return render(request, template, {"problem": problem}, status=410 if invitation else 404)
    refusal = "" if anonymous else _refusal_for(request.user, invitation)
    if refusal:
        return render(request, template, {"invitation": invitation, "problem": refusal, "refused": True}, status=403)
    if request.method == "POST":
        account_form = _invitee_account_form(invitation, request.POST) if anonymous else None
        if account_form is None or account_form.is_valid():
            try:
                membership = invitation_accept(
                    token=token,
                    actor=None if anonymous else request.user,
                    account=account_form.account_data() if account_form else None,
                )
            except ValidationError as error:
                if account_form is not None:
                    apply_service_errors(account_form, error)
                else:
                    return render_invalid(request, template, {"invitation": invitation, "problem": error.messages[0]})
            else:
                if anonymous:
                    login(request, membership.user, backend=AUTH_BACKEND)
                set_active_organization(request.session, membership.organization)
                messages.success(request, _("您已加入“%(name)s”。") % {"name": membership.organization.name})
                return redirect("organizations:detail", membership.organization_id)
        return render_invalid(request, template, {"invitation": invitation, "account_form": account_form})
    if anonymous:
        account_form = _invitee_account_form(invitation)
    return render(request, template, {"invitation": invitation, "account_form": account_form})
