"""The organization's side: the referrals routed to it, accepting (the child is enrolled on the grant) or returning."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import errors_as_messages, run_service
from core.permissions import Denied, require
from organizations.selectors import organizations_for_member

from ..forms import AcceptForm, ReasonForm
from ..models import Referral
from ..selectors import referrals_for_organizations
from ..services import referral_accept, referral_return


@login_required
def inbox(request):
    organizations = list(organizations_for_member(request.user))
    if not organizations:
        raise Denied(_("只有社会组织成员可以查看转给本组织的转介。"))
    page = Paginator(referrals_for_organizations(organizations), 30).get_page(request.GET.get("page"))
    return render(request, "referrals/inbox.html", {"page": page})


def _referral(pk: int) -> Referral:
    return get_object_or_404(Referral.objects.select_related("township", "organization", "grant"), pk=pk)


@login_required
@require_POST
def accept(request, pk: int):
    referral = _referral(pk)
    require(request.user, "referrals.respond", referral)
    form = AcceptForm(request.POST)
    if run_service(form, lambda data: referral_accept(referral=referral, actor=request.user, **data)):
        messages.success(request, _("已接收，儿童已加入本项目的服务对象名单。"))
        return redirect("referrals:referral_detail", pk=referral.pk)
    errors_as_messages(request, form)
    return redirect("referrals:referral_detail", pk=referral.pk)


@login_required
@require_POST
def return_referral(request, pk: int):
    referral = _referral(pk)
    require(request.user, "referrals.respond", referral)
    form = ReasonForm(request.POST)
    if run_service(form, lambda data: referral_return(referral=referral, actor=request.user, reason=data["reason"])):
        messages.success(request, _("已退回民政部门重新分派。"))
        return redirect("referrals:inbox")
    errors_as_messages(request, form)
    return redirect("referrals:referral_detail", pk=referral.pk)
