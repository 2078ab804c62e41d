"""Members: invitations by e-mail (single-use, expiring, only a hash of the token stored), roles, removal. An
organization always keeps at least one admin."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log, field_changes
from core.models import User
from core.notifications import notify
from core.outbox import email_queue
from core.permissions import require

from ..models import FormerMembership, Invitation, MemberRole, Membership, Organization
from .accounts import account_create

INVITATION_VALID_FOR = datetime.timedelta(days=7)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send_invitation_email(*, email: str, organization_name: str, inviter: str, link: str, expires_at) -> None:
    """Put the invitation e-mail in the outbox, inside the caller's transaction: it is sent after commit, or later by
    the periodic sender if the broker is down (the token exists only in this e-mail, so it must never be lost)."""
    email_queue(
        to=email,
        subject=_("[关爱] %(org)s 邀请您加入") % {"org": organization_name},
        body=_(
            "%(inviter)s 邀请您以成员身份加入“%(org)s”，在关爱平台上共同管理组织资料和项目。\n\n"
            "请在 %(expires)s 之前打开以下链接接受邀请（链接只能使用一次）：\n%(link)s\n\n"
            "如果您不认识邀请人，请忽略这封邮件。"
        )
        % {
            "inviter": inviter,
            "org": organization_name,
            "expires": timezone.localtime(expires_at).strftime("%Y-%m-%d %H:%M"),
            "link": link,
        },
    )


def invitation_create(*, organization: Organization, email: str, role: str, actor: User) -> tuple[Invitation, str]:
    """Invite ``email`` to join; returns the invitation and the token (which exists only in the e-mailed link).
    An open invitation to the same address is replaced."""
    email = email.strip().lower()
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        require(actor, "organizations.manage_members", organization)
        if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
            raise ValidationError({"email": _("邮箱为 %(email)s 的用户已是本组织成员。") % {"email": email}})
        now = timezone.now()
        Invitation.objects.open().filter(organization=organization, email__iexact=email).update(revoked_at=now)
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            organization=organization,
            email=email,
            role=role,
            token_hash=_hash(token),
            invited_by=actor,
            expires_at=now + INVITATION_VALID_FOR,
        )
        audit_log(
            actor=actor,
            action="organizations.invite",
            target=invitation,
            details={"email": email, "role": role, "expires_at": invitation.expires_at},
        )
        link = f"{settings.SITE_URL}{reverse('organizations:invitation_accept', args=[token])}"
        _send_invitation_email(
            email=email,
            organization_name=organization.name,
            inviter=actor.display_name,
            link=link,
            expires_at=invitation.expires_at,
        )
    return invitation, token


def invitation_problem(invitation: Invitation | None) -> str:
    """Why an invitation cannot be accepted (empty if it can)."""
    if invitation is None:
        return _("邀请链接无效，请核对邮件中的完整链接。")
    if invitation.accepted_at is not None:
        return _("该邀请已被使用，每个邀请链接只能使用一次。如需加入，请联系组织管理员重新邀请。")
    if invitation.revoked_at is not None:
        return _("该邀请已被组织管理员撤销或被新的邀请取代。")
    if invitation.expires_at <= timezone.now():
        return _("该邀请已于 %(when)s 过期，请联系组织管理员重新邀请。") % {
            "when": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M")
        }
    return ""


def invitation_wrong_account(invitation: Invitation, user: User) -> str:
    """Why ``user`` may not accept ``invitation`` (empty if they may): the link is for the invited address only, so
    a forwarded or leaked link does not let another account in."""
    if (user.email or "").strip().lower() == invitation.email.strip().lower():
        return ""
    return _(
        "该邀请发给 %(invited)s，而您当前登录的账号邮箱是 %(mine)s。请用邮箱为 %(invited)s 的账号登录后接受，"
        "或请组织管理员邀请您的邮箱。"
    ) % {"invited": invitation.email, "mine": user.email or _("（未填写）")}


def invitation_accept(*, token: str, actor: User | None = None, account: dict | None = None) -> Membership:
    """Accept an invitation as ``actor``, or as a new account made from ``account`` (anonymous invitee; the account
    takes the invited address). The invitation is used once, only by an account with the invited e-mail address, and
    not by a program officer unless a platform admin allowed it (``organizations.join``)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(token_hash=_hash(token or "")).first()
        problem = invitation_problem(invitation)
        if problem:
            raise ValidationError(problem, code="invitation")
        if actor is None or not actor.is_authenticated:
            actor = account_create(account={**account, "email": invitation.email})
        require(actor, "organizations.join")
        wrong_account = invitation_wrong_account(invitation, actor)
        if wrong_account:
            raise ValidationError(wrong_account, code="wrong_account")
        if Membership.objects.filter(organization=invitation.organization, user=actor).exists():
            raise ValidationError(_("您已是“%(org)s”的成员。") % {"org": invitation.organization.name})
        membership = Membership.objects.create(user=actor, organization=invitation.organization, role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = actor
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit_log(
            actor=actor,
            action="organizations.invitation_accept",
            target=invitation,
            details={"role": invitation.role, "email": invitation.email},
        )
        notify(
            recipients=[invitation.invited_by],
            subject=_("%(name)s 已接受邀请加入本组织") % {"name": actor.display_name},
            url=reverse("organizations:members", args=[invitation.organization_id]),
        )
    return membership


def invitation_revoke(*, invitation: Invitation, actor: User) -> None:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
        require(actor, "organizations.manage_members", invitation.organization)
        if not invitation.is_open:
            raise ValidationError(_("该邀请已使用、已撤销或已过期，无需撤销。"))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_log(actor=actor, action="organizations.invitation_revoke", target=invitation, details={})


def invitation_resend(*, invitation: Invitation, actor: User) -> tuple[Invitation, str]:
    """Send an open invitation again with a new token and a new 7-day validity, e.g. when the first e-mail never
    arrived. The old link stops working (only the new token's hash is kept). Returns the invitation and the token."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
        require(actor, "organizations.manage_members", invitation.organization)
        if not invitation.is_open:
            raise ValidationError(_("该邀请已使用、已撤销或已过期，不能重新发送；如需邀请，请重新发出邀请。"))
        token = secrets.token_urlsafe(32)
        invitation.token_hash = _hash(token)
        invitation.expires_at = timezone.now() + INVITATION_VALID_FOR
        invitation.save(update_fields=["token_hash", "expires_at"])
        audit_log(
            actor=actor,
            action="organizations.invitation_resend",
            target=invitation,
            details={"email": invitation.email, "expires_at": invitation.expires_at},
        )
        link = f"{settings.SITE_URL}{reverse('organizations:invitation_accept', args=[token])}"
        _send_invitation_email(  # into the outbox with the new token: the link must not be lost if the broker is down
            email=invitation.email,
            organization_name=invitation.organization.name,
            inviter=actor.display_name,
            link=link,
            expires_at=invitation.expires_at,
        )
    return invitation, token


def _locked_memberships(membership: Membership) -> tuple[Membership, list[Membership]]:
    members = list(
        Membership.objects.select_for_update().filter(organization_id=membership.organization_id).order_by("pk")
    )
    target = next((m for m in members if m.pk == membership.pk), None)
    if target is None:
        raise ValidationError(_("该成员已不在本组织。"))
    return target, members


def _last_admin_error() -> ValidationError:
    return ValidationError(
        _("组织必须至少保留一名管理员：请先把另一位成员设为管理员，再调整或移除这位管理员。"), code="last_admin"
    )


def membership_change_role(*, membership: Membership, role: str, actor: User) -> Membership:
    with transaction.atomic():
        membership, members = _locked_memberships(membership)
        require(actor, "organizations.manage_members", membership.organization)
        if role not in MemberRole.values:
            raise ValidationError({"role": _("角色无效。")})
        admins = [m for m in members if m.is_admin]
        if membership.is_admin and role != MemberRole.ADMIN and len(admins) == 1:
            raise _last_admin_error()
        old_role = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit_log(
            actor=actor,
            action="organizations.member_role",
            target=membership,
            details={"user": membership.user.username, "from": old_role, "to": role},
            changes=field_changes({"role": old_role}, {"role": role}),
        )
    return membership


def membership_remove(*, membership: Membership, actor: User) -> None:
    with transaction.atomic():
        membership, members = _locked_memberships(membership)
        require(actor, "organizations.manage_members", membership.organization)
        if membership.is_admin and len([m for m in members if m.is_admin]) == 1:
            raise _last_admin_error()
        audit_log(
            actor=actor,
            action="organizations.member_remove",
            target=membership.organization,
            details={"user": membership.user.username, "role": membership.role},
        )
        FormerMembership.objects.create(
            user=membership.user,
            organization=membership.organization,
            role=membership.role,
            joined_at=membership.joined_at,
        )
        membership.delete()
