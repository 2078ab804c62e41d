"""Third-party evaluation pages: officers assign and publish, evaluators see only their assignments and report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.excel import wants_xlsx
from core.files import private_file_response
from core.forms import apply_service_errors
from core.permissions import Denied, check, require

from ..exports import evaluations_response
from ..forms import EvaluationAssignForm, EvaluationSubmitForm
from ..models import Evaluation, Grant
from ..selectors import evaluations_for_evaluator
from ..services import evaluation_assign, evaluation_publish, evaluation_submit


def _evaluation(pk: int) -> Evaluation:
    return get_object_or_404(
        Evaluation.objects.select_related(
            "grant", "grant__issuing_region", "grant__organization", "evaluator", "assigned_by"
        ),
        pk=pk,
    )


@login_required
def evaluation_list(request):
    if not request.user.is_evaluator:
        raise Denied(_("只有第三方评估人员有评估任务。"))
    if wants_xlsx(request):
        return evaluations_response(evaluations_for_evaluator(request.user))
    return render(request, "grants/evaluation_list.html", {"evaluations": evaluations_for_evaluator(request.user)})


def _render(request, evaluation, *, form=None, status=200):
    can_submit = check(request.user, "grants.evaluation_submit", evaluation).allowed
    if form is None and can_submit:
        form = EvaluationSubmitForm(
            initial={"score": evaluation.score, "summary": evaluation.summary} if evaluation.score is not None else None
        )
    return render(
        request,
        "grants/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "grant": evaluation.grant,
            "form": form if can_submit else None,
            "can_publish": evaluation.status == "submitted"
            and check(request.user, "grants.evaluation_publish", evaluation).allowed,
        },
        status=status,
    )


@login_required
def evaluation_detail(request, pk: int):
    evaluation = _evaluation(pk)
    require(request.user, "grants.evaluation_view", evaluation)
    if request.method == "POST":
        require(request.user, "grants.evaluation_submit", evaluation)
        form = EvaluationSubmitForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                evaluation_submit(evaluation=evaluation, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("评估已提交，等待项目官员公开。"))
                return redirect("grants:evaluation_detail", pk=evaluation.pk)
        return _render(request, evaluation, form=form, status=400)
    return _render(request, evaluation)


@login_required
@require_POST
def evaluation_publish_view(request, pk: int):
    evaluation = _evaluation(pk)
    require(request.user, "grants.evaluation_publish", evaluation)
    try:
        evaluation_publish(evaluation=evaluation, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _render(request, evaluation, status=400)
    messages.success(request, _("评估结果已公开。"))
    return redirect("grants:grant_detail", pk=evaluation.grant_id)


@login_required
def evaluation_assign_view(request, pk: int):
    grant = get_object_or_404(Grant.objects.select_related("issuing_region", "organization"), pk=pk)
    require(request.user, "grants.evaluation_assign", grant)
    form = EvaluationAssignForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                evaluation_assign(grant=grant, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("已指派第三方评估。"))
                return redirect("grants:grant_detail", pk=grant.pk)
        status = 400
    return render(
        request,
        "includes/simple_form_page.html",
        {
            "form": form,
            "page_title": _("指派第三方评估：%(grant)s") % {"grant": grant.title},
            "submit_label": _("指派"),
        },
        status=status,
    )


@login_required
def evaluation_report(request, pk: int):
    evaluation = _evaluation(pk)
    require(request.user, "grants.evaluation_view", evaluation)
    return private_file_response(evaluation.report)
