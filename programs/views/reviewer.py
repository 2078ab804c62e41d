"""The reviewer's side: the task list, the conflict-of-interest declaration, scoring."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.excel import wants_xlsx
from core.forms import apply_service_errors
from core.permissions import check, require

from ..exports import reviewer_assignments_response
from ..forms import ReasonForm, ReviewScoreForm
from ..models import ReviewAssignment
from ..selectors import reviews_for
from ..services.reviews import review_declare_no_conflict, review_decline, review_submit


@login_required
def my_reviews(request):
    assignments = reviews_for(request.user).order_by("due_on", "pk")
    if wants_xlsx(request):
        return reviewer_assignments_response(assignments)
    return render(request, "programs/reviewer/my_reviews.html", {"assignments": assignments})


def _get(request, pk):
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("application__call", "application__organization"), pk=pk
    )
    if assignment.reviewer_id != request.user.pk:
        require(request.user, "programs.review_declare", assignment)  # raises 404 for anyone else
    return assignment


def _render(request, assignment, *, score_form=None, decline_form=None, status=200):
    can_read = check(request.user, "programs.review_read_application", assignment).allowed
    criteria = list(assignment.application.call.rubric_criteria.all())
    context = {
        "assignment": assignment,
        "application": assignment.application if can_read else None,
        "can_read": can_read,
        "can_score": check(request.user, "programs.review_score", assignment).allowed,
        "score_form": score_form or ReviewScoreForm(criteria=criteria),
        "decline_form": decline_form or ReasonForm(),
        "scores": assignment.scores.select_related("criterion") if assignment.is_submitted else [],
    }
    return render(request, "programs/reviewer/review.html", context, status=status)


@login_required
def review_detail(request, pk: int):
    return _render(request, _get(request, pk))


@login_required
@require_POST
def review_declare_view(request, pk: int):
    assignment = _get(request, pk)
    review_declare_no_conflict(assignment=assignment, actor=request.user)
    messages.success(request, _("已声明无利益冲突，现在可以查看申报书并评分。"))
    return redirect("programs:review_detail", pk=pk)


@login_required
@require_POST
def review_decline_view(request, pk: int):
    assignment = _get(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            review_decline(assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("已回避此项评审。"))
            return redirect("programs:my_reviews")
    return _render(request, assignment, decline_form=form, status=400)


@login_required
@require_POST
def review_submit_view(request, pk: int):
    assignment = _get(request, pk)
    require(request.user, "programs.review_score", assignment)
    criteria = list(assignment.application.call.rubric_criteria.all())
    form = ReviewScoreForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            review_submit(
                assignment=assignment, actor=request.user, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("评审意见已提交。"))
            return redirect("programs:my_reviews")
    return _render(request, assignment, score_form=form, status=400)
