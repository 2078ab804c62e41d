"""Portal cards for the referral network."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.portal import PortalCard, PortalLink, register
from organizations.selectors import is_organization_member

from .models import CareWorkerRole
from .selectors import care_worker_of


@register
def referral_cards(user) -> list[PortalCard]:
    cards = []
    worker = care_worker_of(user)
    if worker is not None and worker.role == CareWorkerRole.DIRECTOR:
        cards.append(
            PortalCard(
                title=_("报告儿童需求"),
                text=_("发现儿童需要帮助时，一分钟内转介给服务本乡镇的社会组织；查看已报告儿童的处理进度。"),
                links=[
                    PortalLink(_("报告儿童需求"), reverse("referrals:report")),
                    PortalLink(_("我的报告"), reverse("referrals:home")),
                ],
                order=1,
            )
        )
    elif worker is not None:
        cards.append(
            PortalCard(
                title=_("本乡镇转介"),
                text=_("本乡镇儿童主任报告的儿童需求及其处理进度。"),
                links=[PortalLink(_("本乡镇转介"), reverse("referrals:home"))],
                order=1,
            )
        )
    if is_organization_member(user):
        cards.append(
            PortalCard(
                title=_("转介"),
                text=_("儿童主任转给本组织的儿童需求：按期接收或退回。"),
                links=[PortalLink(_("转给本组织的转介"), reverse("referrals:inbox"))],
                order=22,
            )
        )
    if user.is_officer:
        cards.append(
            PortalCard(
                title=_("转介与服务空白"),
                text=_("各县转介数量、待分派和逾期未接收的转介、首次服务用时，以及没有项目覆盖的需求。"),
                links=[
                    PortalLink(_("转介概况"), reverse("referrals:officer_overview")),
                    PortalLink(_("儿童督导员和儿童主任"), reverse("referrals:workers")),
                ],
                order=14,
            )
        )
    return cards
