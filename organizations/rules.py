"""Permission rules for organizations: one predicate per action, used by views and services alike.

Who sees an organization at all: its members, officers whose region covers its registering authority, and platform
admins. Everyone else (including officers of another 市州) is told it does not exist (404).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.permissions import ALLOW, deny, hide, officer_covers, rule

from .selectors import conflict_of_interest, membership_of


def _covering_officer(user, organization) -> bool:
    return officer_covers(user, organization.registration_region)


def _member_or_hidden(user, organization, *, admin_only: bool, staff_reason, officer_reason):
    """Admins (and staff unless ``admin_only``) may; a covering officer is refused with a reason; others get 404."""
    membership = membership_of(user, organization)
    if membership is None:
        return deny(officer_reason) if _covering_officer(user, organization) else hide()
    if admin_only and not membership.is_admin:
        return deny(staff_reason)
    return ALLOW


@rule("organizations.view")
def view_organization(user, organization):
    if user.is_platform_admin or membership_of(user, organization) is not None:
        return ALLOW
    if _covering_officer(user, organization):
        return ALLOW
    return hide()


@rule("organizations.view_documents")
def view_documents(user, organization):
    """Certificates and annual evidence: the organization's members and the officers who verify it."""
    return view_organization(user, organization)


@rule("organizations.edit_profile")
def edit_profile(user, organization):
    return _member_or_hidden(
        user,
        organization,
        admin_only=True,
        staff_reason=_("只有本组织的管理员可以修改组织资料。"),
        officer_reason=_("只有本组织的成员可以修改资料。"),
    )


@rule("organizations.edit_legal_facts")
def edit_legal_facts(user, organization):
    return _member_or_hidden(
        user,
        organization,
        admin_only=True,
        staff_reason=_(
            "只有本组织的管理员可以修改法定信息（组织名称、统一社会信用代码、组织类型、法定代表人、登记管理机关、"
            "登记日期、评估等级及有效期、证书）。"
        ),
        officer_reason=_("只有本组织的管理员可以修改法定信息。"),
    )


@rule("organizations.join")
def join(user, obj):
    """Becoming a member (accepting an invitation, registering an organization). A program officer who acted for an
    organization would later decide on its applications and payments: an officer account joins none unless a
    platform admin allowed it (``User.may_join_organizations``)."""
    if user.is_officer and not user.may_join_organizations:
        return deny(
            _(
                "项目官员账号不能加入社会组织（利益冲突：官员不得审核、决定或拨付自己所属组织的事项）。"
                "如确有需要，请联系平台管理员开通“允许加入社会组织”。"
            )
        )
    return ALLOW


@rule("organizations.manage_members")
def manage_members(user, organization):
    return _member_or_hidden(
        user,
        organization,
        admin_only=True,
        staff_reason=_("只有本组织的管理员可以邀请、移除成员或调整角色。"),
        officer_reason=_("只有本组织的管理员可以管理成员。"),
    )


@rule("organizations.edit_roster")
def edit_roster(user, organization):
    return _member_or_hidden(
        user,
        organization,
        admin_only=False,
        staff_reason="",
        officer_reason=_("社工队伍由社会组织自行维护，项目官员只能查看。"),
    )


@rule("organizations.submit_annual_status")
def submit_annual_status(user, organization):
    return _member_or_hidden(
        user,
        organization,
        admin_only=True,
        staff_reason=_("只有本组织的管理员可以填报年检年报结论。"),
        officer_reason=_("年检年报结论由社会组织填报，项目官员负责确认。"),
    )


def _officer_decision(user, organization, reason):
    covering = _covering_officer(user, organization)
    if covering and conflict_of_interest(user, organization):
        # An officer who acts, or acted within CONFLICT_OF_INTEREST_DAYS, for the organization would be deciding on
        # their own profile (conflict of interest).
        return deny(
            _(
                "您是（或 %(days)s 天内曾是）该组织的成员，不能审核或确认自己所属组织的事项，"
                "请由辖区内其他项目官员办理。"
            )
            % {"days": settings.CONFLICT_OF_INTEREST_DAYS}
        )
    if covering:
        return ALLOW
    if user.is_platform_admin or membership_of(user, organization) is not None:
        return deny(reason)
    return hide()


@rule("organizations.verify")
def verify(user, organization):
    return _officer_decision(user, organization, _("只有登记管理机关所在地区的项目官员可以审核组织。"))


@rule("organizations.confirm_annual_status")
def confirm_annual_status(user, organization):
    return _officer_decision(user, organization, _("只有登记管理机关所在地区的项目官员可以确认年检年报结论。"))


@rule("organizations.incubate")
def incubate(user, organization):
    return _officer_decision(user, organization, _("只有登记管理机关所在地区的项目官员可以登记培育孵化。"))


@rule("organizations.officer_queue")
def officer_queue(user, obj):
    if user.is_officer:
        return ALLOW
    return deny(_("只有项目官员可以查看社会组织审核列表。"))
