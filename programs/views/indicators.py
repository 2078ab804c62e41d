"""Pages for a call's outcome indicators (officers) and an application's targets against them (applicants)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import apply_service_errors
from core.permissions import require

from ..forms import filled_rows
from ..forms_indicators import OutcomeIndicatorFormSet, OutcomeTargetsForm
from ..models import Application, Call
from ..services.indicators import INDICATOR_FIELDS, application_targets_save, call_indicators_save


@login_required
def call_indicators(request, pk: int):
    call = get_object_or_404(Call.objects.select_related("issuing_region"), pk=pk)
    require(request.user, "programs.call_manage", call)
    initial = [{field: getattr(indicator, field) for field in INDICATOR_FIELDS} for indicator in call.indicators.all()]
    data = request.POST if request.method == "POST" else None
    formset = OutcomeIndicatorFormSet(data, initial=None if data else initial, prefix="indicators")
    errors = []
    if request.method == "POST" and formset.is_valid():
        try:
            call_indicators_save(call=call, actor=request.user, indicators=filled_rows(formset))
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("成效指标已保存。"))
            return redirect("programs:officer_call_detail", pk=call.pk)
    status = 400 if request.method == "POST" else 200
    context = {"call": call, "formset": formset, "errors": errors}
    return render(request, "programs/officer/call_indicators.html", context, status=status)


@login_required
def application_targets(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__issuing_region", "organization"), pk=pk)
    require(request.user, "programs.application_edit", application)
    indicators = application.call.indicators.all()
    initial = {}
    for target in application.indicator_targets.all():
        initial[f"target_{target.indicator_id}"] = target.target_value
        initial[f"note_{target.indicator_id}"] = target.note
    form = OutcomeTargetsForm(request.POST or None, initial=initial, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        try:
            application_targets_save(application=application, actor=request.user, targets=form.rows())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("成效目标已保存。"))
            return redirect("programs:application_edit", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    context = {"application": application, "form": form}
    return render(request, "programs/applicant/targets.html", context, status=status)
