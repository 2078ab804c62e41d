"""Milestone pages: detail with the forms each role may use, submission, review, payment release, schedule changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.excel import wants_xlsx
from core.files import private_file_response
from core.forms import apply_service_errors
from core.money import format_money
from core.pagination import paginate
from core.permissions import Denied, check, require
from core.reauth import require_recent_auth

from ..exports import milestone_queue_response
from ..forms import (
    MilestoneReviewForm,
    MilestoneScheduleForm,
    MilestoneSubmitForm,
    PaymentReleaseForm,
)
from ..models import Milestone, MilestoneEvidence, MilestoneStatus
from ..selectors import MILESTONE_QUEUES, milestone_history, milestone_service_figures, milestones_awaiting
from ..services import (
    milestone_approve,
    milestone_release,
    milestone_return,
    milestone_schedule_update,
    milestone_submit,
)
from ..workflows import SUBMIT_ACTION


def _milestone(pk: int) -> Milestone:
    return get_object_or_404(
        Milestone.objects.select_related(
            "grant", "grant__issuing_region", "grant__organization", "approved_by", "submitted_by"
        ),
        pk=pk,
    )


def _render(request, milestone, *, status=200, **forms):
    user = request.user
    can_submit = milestone.status in SUBMIT_ACTION and check(user, "grants.milestone_submit", milestone).allowed
    can_review = (
        milestone.status in (MilestoneStatus.SUBMITTED, MilestoneStatus.RESUBMITTED)
        and check(user, "grants.milestone_review", milestone).allowed
    )
    release_decision = check(user, "grants.milestone_release", milestone)
    show_release = milestone.status == MilestoneStatus.APPROVED and release_decision.allowed
    context = {
        "milestone": milestone,
        "grant": milestone.grant,
        "evidence": milestone.evidence.select_related("uploaded_by"),
        "payment": getattr(milestone, "payment", None) if milestone.status == MilestoneStatus.PAID else None,
        "figures": milestone_service_figures(milestone),
        "history": milestone_history(milestone),
        # A resubmission starts from the narrative the officer returned, so the organization amends rather than retypes.
        "submit_form": forms.get("submit_form")
        or (MilestoneSubmitForm(initial={"narrative": milestone.narrative}) if can_submit else None),
        "review_form": forms.get("review_form") or (MilestoneReviewForm() if can_review else None),
        "release_form": forms.get("release_form")
        or (PaymentReleaseForm(initial={"paid_on": timezone.localdate()}) if show_release else None),
        # The approving officer sees why the release button is missing (four eyes).
        "release_denied": release_decision.reason
        if milestone.status == MilestoneStatus.APPROVED and user.is_officer and not release_decision.allowed
        else "",
        "is_overdue": milestone.is_overdue(),
        # On a phone the form is far below: say at the top that it was not saved, and link down to it.
        "failed_anchor": {"submit_form": "submit-h", "review_form": "review-h", "release_form": "release-h"}.get(
            next(iter(forms), ""), ""
        )
        if status == 400
        else "",
    }
    return render(request, "grants/milestone_detail.html", context, status=status)


@login_required
def milestone_queue(request):
    """The officer's work queues: milestones waiting for review, and approved tranches waiting for a second officer."""
    if not request.user.is_officer:
        raise Denied(_("只有项目官员有待审核和待拨付的节点。"))
    queue = request.GET.get("queue")
    queue = queue if queue in MILESTONE_QUEUES else "review"
    if wants_xlsx(request):
        return milestone_queue_response(milestones_awaiting(request.user, queue), queue)
    page = paginate(request, milestones_awaiting(request.user, queue), 50)
    counts = {name: milestones_awaiting(request.user, name).count() for name in MILESTONE_QUEUES}
    return render(request, "grants/milestone_queue.html", {"page": page, "queue": queue, "counts": counts})


@login_required
def milestone_detail(request, pk: int):
    milestone = _milestone(pk)
    require(request.user, "grants.view", milestone.grant)
    return _render(request, milestone)


@login_required
@require_POST
def milestone_submit_view(request, pk: int):
    milestone = _milestone(pk)
    require(request.user, "grants.view", milestone.grant)
    require(request.user, "grants.milestone_submit", milestone)
    form = MilestoneSubmitForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            milestone_submit(
                milestone=milestone,
                actor=request.user,
                narrative=form.cleaned_data["narrative"],
                evidence_files=form.cleaned_data["evidence"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("节点材料已提交，等待项目官员审核。"))
            return redirect("grants:milestone_detail", pk=milestone.pk)
    return _render(request, milestone, status=400, submit_form=form)


@login_required
@require_POST
def milestone_review_view(request, pk: int):
    milestone = _milestone(pk)
    require(request.user, "grants.milestone_review", milestone)
    form = MilestoneReviewForm(request.POST)
    if form.is_valid():
        service = milestone_approve if form.cleaned_data["decision"] == "approve" else milestone_return
        try:
            service(milestone=milestone, actor=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("审核结果已保存。"))
            return redirect("grants:milestone_detail", pk=milestone.pk)
    return _render(request, milestone, status=400, review_form=form)


@login_required
@require_POST
@require_recent_auth()
def milestone_release_view(request, pk: int):
    milestone = _milestone(pk)
    require(request.user, "grants.milestone_release", milestone)
    form = PaymentReleaseForm(request.POST)
    if form.is_valid():
        try:
            payment = milestone_release(milestone=milestone, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("已拨付 %(amount)s 元，凭证号 %(voucher)s。")
                % {"amount": format_money(payment.amount), "voucher": payment.voucher_number},
            )
            return redirect("grants:grant_detail", pk=milestone.grant_id)
    milestone.refresh_from_db()
    return _render(request, milestone, status=400, release_form=form)


@login_required
def milestone_schedule_view(request, pk: int):
    milestone = _milestone(pk)
    require(request.user, "grants.manage", milestone.grant)
    form = MilestoneScheduleForm(
        request.POST or None, initial={"due_date": milestone.due_date, "deliverables": milestone.deliverables}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                milestone_schedule_update(milestone=milestone, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("节点计划已调整。"))
                return redirect("grants:grant_detail", pk=milestone.grant_id)
        status = 400
    return render(
        request,
        "includes/simple_form_page.html",
        {
            "form": form,
            "page_title": _("调整节点：%(milestone)s") % {"milestone": milestone},
            "intro": _("在第一个节点提交之前，可以调整各节点的截止日期和交付要求；每次调整都会记录在案。"),
            "submit_label": _("保存"),
        },
        status=status,
    )


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(
        MilestoneEvidence.objects.select_related("milestone__grant__issuing_region", "milestone__grant__organization"),
        pk=pk,
    )
    require(request.user, "grants.view", evidence.milestone.grant)
    return private_file_response(evidence.file, download_name=evidence.original_name)
