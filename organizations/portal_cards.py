"""Portal cards for members of social organizations."""

from django.utils.translation import gettext as _

from core.portal import PortalCard, register

from .models import Membership


@register
def organization_cards(user) -> list[PortalCard]:
    cards = []
    for membership in Membership.objects.filter(user=user).select_related("organization"):
        organization = membership.organization
        cards.append(
            PortalCard(
                title=f"{organization.name} · {membership.get_role_display()}",
                text=_("认证状态：%(status)s。在这里维护组织资料与社工队伍、申报项目、报告项目节点和服务记录。")
                % {"status": organization.get_verification_status_display()},
                order=20,
            )
        )
    return cards
