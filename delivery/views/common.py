"""What every service-data page needs: the grant, checked against the viewer."""

from django.shortcuts import get_object_or_404

from core.permissions import check, require
from grants.models import Grant
from organizations.selectors import membership_of


def grant_for(user, pk: int, action: str = "delivery.view_grant") -> Grant:
    # the application too: the overview's summary compares the delivery with its plan
    grant = get_object_or_404(
        Grant.objects.select_related("call", "organization", "issuing_region", "application"), pk=pk
    )
    require(user, "delivery.view_grant", grant)
    if action != "delivery.view_grant":
        require(user, action, grant)
    return grant


def grant_context(user, grant, tab: str) -> dict:
    """Shared by the tabs of a grant's 服务数据 pages."""
    return {
        "grant": grant,
        "tab": tab,
        "is_member": membership_of(user, grant.organization) is not None,
        "can_manage": check(user, "delivery.manage", grant).allowed,
    }
