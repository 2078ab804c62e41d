"""The officer's page for a call's funding split (co-funding)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import apply_service_errors
from core.permissions import require

from ..forms_funding import CallFundingForm
from ..models import Call
from ..services.funding import call_funding_save


@login_required
def call_funding(request, pk: int):
    call = get_object_or_404(Call.objects.select_related("issuing_region"), pk=pk)
    require(request.user, "programs.call_manage", call)
    initial = {row.source: row.amount for row in call.funding_shares.all()}
    form = CallFundingForm(request.POST or None, initial=initial or {call.funding_source: call.total_budget})
    if request.method == "POST" and form.is_valid():
        try:
            call_funding_save(call=call, actor=request.user, shares=form.shares())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("资金来源构成已保存。"))
            return redirect("programs:officer_call_detail", pk=call.pk)
    status = 400 if request.method == "POST" else 200
    context = {"call": call, "form": form, "frozen": call.grants.exists()}
    return render(request, "programs/officer/call_funding.html", context, status=status)
