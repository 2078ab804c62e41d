"""Portal cards for the roles that core knows about."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .portal import PortalCard, PortalLink, register


@register
def core_cards(user) -> list[PortalCard]:
    cards = []
    region = user.officer_region
    if region is not None:
        cards.append(
            PortalCard(
                title=_("项目官员 · %(region)s") % {"region": region.name},
                text=_(
                    "您负责%(region)s及其下辖区划：发布申报指南、审核社会组织与申报书、分配评审、签订合同、审核节点并拨付资金。"
                )
                % {"region": region.name},
                links=[PortalLink(_("审计记录"), reverse("audit_list"))],
                order=10,
            )
        )
    # Reviewers and evaluators get their cards (with their task lists) from programs and grants.
    if user.is_editor:
        cards.append(
            PortalCard(
                title=_("内容编辑"),
                text=_("在内容管理后台编辑首页、申报指南页面、品牌项目、新闻和政策。"),
                links=[PortalLink(_("进入内容管理后台"), "/cms-admin/")],
                order=50,
            )
        )
    if user.is_platform_admin:
        cards.append(
            PortalCard(
                title=_("平台管理"),
                text=_("管理用户、项目官员的管辖区划、评审专家和评估人员，查看审计记录。"),
                links=[
                    PortalLink(_("系统管理后台"), reverse("admin:index")),
                    PortalLink(_("审计记录"), reverse("audit_list")),
                ],
                order=60,
            )
        )
    cards.append(
        PortalCard(
            title=_("账号"),
            text=_("修改密码、设置两步验证、查看登录会话和通知。"),
            links=[
                PortalLink(_("我的通知"), reverse("notifications")),
                PortalLink(_("账号安全"), reverse("account_security")),
                PortalLink(_("修改密码"), reverse("password_change")),
            ],
            order=90,
        )
    )
    return cards
