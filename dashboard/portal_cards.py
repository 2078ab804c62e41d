"""The dashboard is the officer's landing page: its card comes first in the portal."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.portal import PortalCard, PortalLink, register


@register
def dashboard_cards(user) -> list[PortalCard]:
    region = user.officer_region
    if region is None:
        return []
    return [
        PortalCard(
            title=_("数据看板 · %(region)s") % {"region": region.name},
            text=_(
                "资金、申报、节点、社会组织、服务儿童、服务时长、成效与评估等级，附县市区地图，每张图表均可下载 Excel。"
            ),
            links=[PortalLink(_("进入数据看板"), reverse("dashboard:index"))],
            order=5,
        )
    ]
