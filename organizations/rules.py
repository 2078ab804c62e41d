"""Permission rules for organizations (extended by the organizations issue)."""

from django.utils.translation import gettext_lazy as _

from core.permissions import ALLOW, deny, hide, officer_covers, rule

from .selectors import membership_of


@rule("organizations.view")
def view_organization(user, organization):
    if user.is_platform_admin or membership_of(user, organization) is not None:
        return ALLOW
    if officer_covers(user, organization.registration_region):
        return ALLOW
    return hide()


@rule("organizations.edit_profile")
def edit_profile(user, organization):
    membership = membership_of(user, organization)
    if membership is None:
        return (
            hide()
            if not officer_covers(user, organization.registration_region)
            else deny(_("只有本组织的成员可以修改资料。"))
        )
    if not membership.is_admin:
        return deny(_("只有本组织的管理员可以修改组织资料。"))
    return ALLOW


@rule("organizations.verify")
def verify(user, organization):
    if officer_covers(user, organization.registration_region):
        return ALLOW
    if membership_of(user, organization) is not None:
        return deny(_("只有登记管理机关所在地区的项目官员可以审核组织。"))
    return hide()
