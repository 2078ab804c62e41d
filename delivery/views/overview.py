"""A grant's 服务数据 overview: counts and planned against delivered, for the organization and the officers."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.excel import wants_xlsx

from ..exports import summary_response
from ..selectors import grant_delivery_summary
from .common import grant_context, grant_for


@login_required
def grant_overview(request, grant_pk: int):
    grant = grant_for(request.user, grant_pk)
    if wants_xlsx(request):
        return summary_response(grant, grant_delivery_summary(grant))
    context = {**grant_context(request.user, grant, "overview"), "summary": grant_delivery_summary(grant)}
    return render(request, "delivery/grant_overview.html", context)
