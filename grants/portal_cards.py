"""Portal cards for grant work: officers, organization members and evaluators."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.portal import PortalCard, PortalLink, register
from organizations.selectors import is_organization_member


@register
def grant_cards(user) -> list[PortalCard]:
    cards = []
    if user.is_officer:
        cards.append(
            PortalCard(
                title=_("项目合同与拨付"),
                text=_("签订合同、审核节点、双人复核拨付资金、跟踪逾期节点、指派第三方评估。"),
                links=[
                    PortalLink(_("项目合同"), reverse("grants:grant_list")),
                    PortalLink(_("待签订合同的立项项目"), reverse("grants:ready_list")),
                    PortalLink(_("待审核节点"), reverse("grants:milestone_queue") + "?queue=review"),
                    PortalLink(_("待拨付节点"), reverse("grants:milestone_queue") + "?queue=release"),
                    PortalLink(_("拨付记录"), reverse("grants:payment_list")),
                    PortalLink(_("逾期节点"), reverse("grants:overdue_list")),
                ],
                order=12,
            )
        )
    if is_organization_member(user):
        cards.append(
            PortalCard(
                title=_("我的项目"),
                text=_("查看已签订的项目合同，按节点提交进展说明和佐证材料，查看拨付情况。"),
                links=[PortalLink(_("项目合同与节点"), reverse("grants:grant_list"))],
                order=22,
            )
        )
    if user.is_evaluator:
        cards.append(
            PortalCard(
                title=_("评估任务"),
                text=_("分配给您的中期、末期评估。"),
                links=[PortalLink(_("我的评估任务"), reverse("grants:evaluation_list"))],
                order=41,
            )
        )
    return cards
