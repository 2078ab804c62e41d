"""Portal cards for service data: organization members log services; officers see delivery behind plan."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.portal import PortalCard, PortalLink, register
from organizations.selectors import is_organization_member


@register
def delivery_cards(user) -> list[PortalCard]:
    cards = []
    if is_organization_member(user):
        cards.append(
            PortalCard(
                title=_("服务数据"),
                text=_("登记服务对象（一人一档）、填写服务记录和成效测量：在“项目合同”中打开项目，进入“服务数据”。"),
                links=[PortalLink(_("我的项目"), reverse("grants:grant_list"))],
                order=23,
            )
        )
    if user.is_officer:
        cards.append(
            PortalCard(
                title=_("服务进度"),
                text=_("各项目的服务儿童、服务时长和成效与申报计划的对比。"),
                links=[PortalLink(_("服务进度落后的项目"), reverse("grants:grant_list") + "?delivery_behind=1")],
                order=13,
            )
        )
        cards.append(
            PortalCard(
                title=_("儿童信息的监护人请求"),
                text=_("监护人要求查阅、复制、更正或删除儿童个人信息时：按身份证号码查找本辖区儿童的档案。"),
                links=[PortalLink(_("处理监护人请求"), reverse("delivery:guardian_find"))],
                order=14,
            )
        )
    return cards
