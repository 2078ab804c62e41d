"""The officer's applications: filtered list, screening, reviewer assignment, decision, version diff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.excel import wants_xlsx
from core.filters import filter_status
from core.forms import apply_service_errors
from core.permissions import require

from ..exports import officer_applications_response
from ..filters import OfficerApplicationFilter
from ..forms import AssignReviewersForm, CommentForm, DecisionForm
from ..models import Application
from ..selectors import notice_for, officer_applications, version_diff
from ..services.decisions import application_approve, application_reject, remaining_budget
from ..services.reviews import review_assign
from ..services.screening import application_pass_to_review, application_return
from ..workflows import Action, available_actions
from .common import paginate
from .officer_calls import _officer_region


@login_required
def application_list(request):
    region = _officer_region(request.user)
    application_filter = OfficerApplicationFilter(
        request.GET or None,
        queryset=officer_applications(request.user).order_by("-submitted_at", "-id"),
        officer_region=region,
    )
    export_refused = False
    if wants_xlsx(request):
        # A mistyped filter would export more than was asked: the list says why instead (400).
        if filter_status(application_filter) == 200:
            return officer_applications_response(application_filter.qs)
        export_refused = True
    page = paginate(request, application_filter.qs)
    return render(
        request,
        "programs/officer/application_list.html",
        {"filter": application_filter, "page": page, "export_refused": export_refused},
        status=400 if export_refused else 200,
    )


def _get(request, pk):
    application = (
        get_object_or_404(officer_applications(request.user).select_related("call__issuing_region"), pk=pk)
        if request.user.is_officer
        else None
    )
    if application is None:
        # Not an officer: let the permission rule say why (404 for strangers, 403 for the applicant).
        application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)
        require(request.user, "programs.application_screen", application)
    return application


def _detail_context(request, application, **forms):
    reviews = list(application.reviews.select_related("reviewer").prefetch_related("scores__criterion"))
    context = {
        "application": application,
        "call": application.call,
        "actions": available_actions(application, request.user),
        "reviews": reviews,
        "versions": list(application.versions.all()),
        "notice": notice_for(application),
        "remaining": remaining_budget(application.call),
        "return_form": forms.get("return_form") or CommentForm(),
        "assign_form": forms.get("assign_form") or AssignReviewersForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(initial={"amount": application.requested_amount}),
        "Action": Action,
    }
    return context


@login_required
def application_detail(request, pk: int):
    application = _get(request, pk)
    return render(request, "programs/officer/application_detail.html", _detail_context(request, application))


def _rerender(request, application, status=400, **forms):
    return render(
        request,
        "programs/officer/application_detail.html",
        _detail_context(request, application, **forms),
        status=status,
    )


@login_required
@require_POST
def application_return_view(request, pk: int):
    application = _get(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            application_return(application=application, actor=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("已退回申报单位修改。"))
            return redirect("programs:officer_application_detail", pk=pk)
    return _rerender(request, application, return_form=form)


@login_required
@require_POST
def application_pass_view(request, pk: int):
    application = _get(request, pk)
    try:
        application_pass_to_review(application=application, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已通过初审，进入专家评审。"))
    return redirect("programs:officer_application_detail", pk=pk)


@login_required
@require_POST
def application_assign_view(request, pk: int):
    application = _get(request, pk)
    form = AssignReviewersForm(request.POST)
    if form.is_valid():
        try:
            review_assign(
                application=application,
                reviewers=form.cleaned_data["reviewers"],
                actor=request.user,
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("评审专家已分配。"))
            return redirect("programs:officer_application_detail", pk=pk)
    return _rerender(request, application, assign_form=form)


@login_required
@require_POST
def application_decide_view(request, pk: int):
    application = _get(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                application_approve(
                    application=application, actor=request.user, amount=data["amount"], reason=data["reason"]
                )
            else:
                application_reject(application=application, actor=request.user, reason=data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("立项决定已保存。"))
            return redirect("programs:officer_application_detail", pk=pk)
    return _rerender(request, application, decision_form=form)


def _version_number(request, name: str, *, default: int | None) -> int | None:
    """A version number from the query string; anything that is not one (``?old=abc``, a NUL byte, 10^20) is a
    400, never a 500."""
    raw = request.GET.get(name, "")
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        raise BadRequest(_("版本号无效。"))
    return int(raw)


@login_required
def application_versions(request, pk: int):
    application = _get(request, pk)
    versions = list(application.versions.all())
    by_number = {v.number: v for v in versions}
    old_number = _version_number(request, "old", default=versions[-2].number if len(versions) > 1 else None)
    new_number = _version_number(request, "new", default=versions[-1].number if versions else None)
    old = by_number.get(old_number)
    new = by_number.get(new_number)
    diff = version_diff(old.snapshot if old else {}, new.snapshot if new else {}) if new else []
    return render(
        request,
        "programs/officer/versions.html",
        {"application": application, "versions": versions, "old": old, "new": new, "diff": diff},
    )
