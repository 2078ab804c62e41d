"""Portal cards: members see their organizations' pages; officers see the verification queue."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.portal import PortalCard, PortalLink, register

from .models import AnnualStatus
from .selectors import memberships_for, organizations_for_officer


@register
def organization_cards(user) -> list[PortalCard]:
    cards = []
    for membership in memberships_for(user):
        organization = membership.organization
        links = [
            PortalLink(_("组织资料"), reverse("organizations:detail", args=[organization.pk])),
            PortalLink(_("社工队伍"), reverse("organizations:staff", args=[organization.pk])),
            PortalLink(_("成员"), reverse("organizations:members", args=[organization.pk])),
        ]
        if membership.is_admin:
            links.append(PortalLink(_("修改组织资料"), reverse("organizations:edit", args=[organization.pk])))
            links.append(PortalLink(_("填报年检年报结论"), reverse("organizations:annual_new", args=[organization.pk])))
        if organization.is_verified:
            links.append(PortalLink(_("公开页面"), reverse("organizations:public_detail", args=[organization.pk])))
        text = _("认证状态：%(status)s。在这里维护组织资料与社工队伍、申报项目、报告项目节点和服务记录。") % {
            "status": organization.get_verification_status_display()
        }
        if organization.verification_status == "returned":
            text += " " + _("资料被退回：%(reason)s") % {"reason": organization.verification_note}
        cards.append(
            PortalCard(title=f"{organization.name} · {membership.get_role_display()}", text=text, links=links, order=20)
        )
    # Only someone with no role yet is offered registration; reviewers, evaluators, editors and officers are not.
    has_other_role = user.is_officer or user.is_reviewer or user.is_evaluator or user.is_editor or user.is_superuser
    if user.is_authenticated and not cards and not has_other_role:
        cards.append(
            PortalCard(
                title=_("社会组织注册"),
                text=_("代表社会组织申报项目，请先注册组织，或请本组织管理员邀请您加入。"),
                links=[PortalLink(_("注册社会组织"), reverse("organizations:register"))],
                order=25,
            )
        )
    if user.is_authenticated and user.is_officer:
        scoped = organizations_for_officer(user)
        waiting = scoped.awaiting_officer().count()
        annual = AnnualStatus.objects.filter(organization__in=scoped, confirmed_at__isnull=True).count()
        cards.append(
            PortalCard(
                title=_("社会组织审核"),
                text=_("您辖区内有 %(count)d 个社会组织等待审核（新注册、重新提交或法定信息变更）。")
                % {"count": waiting},
                links=[
                    PortalLink(_("审核列表"), reverse("organizations:officer_queue")),
                    PortalLink(
                        _("待确认的年检年报（%(count)d）") % {"count": annual},
                        reverse("organizations:officer_queue") + "?status=&annual_unconfirmed=on",
                    ),
                    PortalLink(_("辖区全部社会组织"), reverse("organizations:officer_queue") + "?status="),
                    PortalLink(_("培育孵化"), reverse("organizations:incubation_list")),
                ],
                order=15,
            )
        )
    return cards
