"""Portal cards for officers, applicants and reviewers."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.portal import PortalCard, PortalLink, register

from .models import ReviewStatus


@register
def program_cards(user) -> list[PortalCard]:
    cards = []
    if user.is_officer:
        cards.append(
            PortalCard(
                title=_("申报与评审"),
                text=_("发布申报指南，初审申报书，分配评审专家，作出立项决定并公示。"),
                links=[
                    PortalLink(_("申报指南管理"), reverse("programs:officer_calls")),
                    PortalLink(_("申报书"), reverse("programs:officer_applications")),
                ],
                order=30,
            )
        )
    if user.memberships.exists():
        cards.append(
            PortalCard(
                title=_("项目申报"),
                text=_("查看正在申报的指南，填写、提交和修改申报书，查看评审结果。"),
                links=[
                    PortalLink(_("我的申报"), reverse("programs:my_applications")),
                    PortalLink(_("申报指南"), reverse("programs:call_list")),
                ],
                order=25,
            )
        )
    if user.is_reviewer:
        pending = user.review_assignments.filter(status__in=[ReviewStatus.ASSIGNED, ReviewStatus.ACCEPTED]).count()
        cards.append(
            PortalCard(
                title=_("评审任务"),
                text=_("待完成的评审：%(n)s 项。") % {"n": pending},
                links=[PortalLink(_("我的评审任务"), reverse("programs:my_reviews"))],
                order=35,
            )
        )
    return cards
