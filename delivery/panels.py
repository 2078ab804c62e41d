"""What delivery adds to the grants pages (registered in ``DeliveryConfig.ready()``)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.permissions import check
from grants.panels import GrantFilter, register_filter, register_panel

from .selectors import grant_delivery_summary, grants_behind_plan


def delivery_panel(*, grant, milestone=None, user) -> str:
    """Planned against delivered: on the grant page up to today, on a milestone up to its due date."""
    if not check(user, "delivery.view_grant", grant).allowed:
        return ""
    summary = grant_delivery_summary(grant, until=milestone.due_date if milestone else None)
    return render_to_string(
        "delivery/_panel.html",
        {
            "grant": grant,
            "milestone": milestone,
            "summary": summary,
            "can_manage": check(user, "delivery.manage", grant),
        },
    )


def register():
    register_panel(delivery_panel)
    register_filter(GrantFilter(key="delivery_behind", label=_("服务进度落后于计划"), apply=grants_behind_plan))
