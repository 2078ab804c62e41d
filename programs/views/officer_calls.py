"""The officer's calls: list, create, edit, publish, cancel, ranking, export, public notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.excel import wants_xlsx
from core.forms import apply_service_errors
from core.permissions import Denied, require

from ..call_links import call_links
from ..exports import applications_workbook, officer_calls_response
from ..forms import AttachmentForm, CallForm, NoticeForm, ReasonForm, RubricFormSet, TrancheFormSet, filled_rows
from ..models import ApplicationStatus, Call, RubricCriterion, TrancheTemplate
from ..selectors import ranking
from ..services.calls import call_attach, call_cancel, call_publish, call_rule_errors, call_save, rubric_is_frozen
from ..services.decisions import approved_total, notice_publish
from .common import paginate


def _officer_region(user):
    if not user.is_authenticated or not user.is_officer:
        raise Denied(_("只有项目官员可以管理申报指南。"))
    return user.officer_region


@login_required
def call_list(request):
    region = _officer_region(request.user)
    calls = (
        Call.objects.issued_in(region)
        .select_related("issuing_region", "brand_program")
        .annotate(application_count=Count("applications"))
        .order_by("-created_at")
    )
    if wants_xlsx(request):
        return officer_calls_response(calls)
    return render(request, "programs/officer/call_list.html", {"page": paginate(request, calls)})


def _call_form_page(request, call: Call | None):
    region = _officer_region(request.user)
    data = request.POST if request.method == "POST" else None
    if call is not None:
        rubric_initial = [
            {"name": c.name, "weight": c.weight, "description": c.description} for c in call.rubric_criteria.all()
        ]
        tranche_initial = [
            {
                "title": t.title,
                "percentage": t.percentage,
                "due_after_months": t.due_after_months,
                "deliverables": t.deliverables,
            }
            for t in call.tranche_templates.all()
        ]
    else:
        rubric_initial = [
            {"name": _("需求分析与服务设计"), "weight": 30},
            {"name": _("团队专业能力"), "weight": 25},
            {"name": _("预算合理性"), "weight": 20},
            {"name": _("预期成效与可持续性"), "weight": 25},
        ]
        tranche_initial = [
            {"title": _("合同签订后首付"), "percentage": 40, "due_after_months": 0},
            {"title": _("中期评估通过后"), "percentage": 30, "due_after_months": 6},
            {"title": _("结项评估通过后"), "percentage": 30, "due_after_months": 12},
        ]
    # Once a review has scored the rubric it is shown read-only and not posted; the service keeps it as it is.
    rubric_frozen = call is not None and rubric_is_frozen(call)
    form = CallForm(data, instance=call, officer_region=region)
    rubric = RubricFormSet(
        None if rubric_frozen else data, initial=None if data and not rubric_frozen else rubric_initial, prefix="rubric"
    )
    tranches = TrancheFormSet(data, initial=None if data else tranche_initial, prefix="tranches")
    status = 200
    if request.method == "POST":
        if form.is_valid() and (rubric_frozen or rubric.is_valid()) and tranches.is_valid():
            instance = form.save(commit=False)
            criteria = (
                None
                if rubric_frozen
                else [
                    RubricCriterion(**{k: row[k] for k in ("name", "weight", "description")})
                    for row in filled_rows(rubric)
                ]
            )
            templates = [
                TrancheTemplate(**{k: row[k] for k in ("title", "percentage", "due_after_months", "deliverables")})
                for row in filled_rows(tranches)
            ]
            try:
                saved = call_save(
                    call=instance,
                    actor=request.user,
                    criteria=criteria,
                    tranches=templates,
                    child_categories=form.cleaned_data["child_categories"],
                    service_types=form.cleaned_data["service_types"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
                status = 400
            else:
                messages.success(request, _("申报指南已保存。"))
                return redirect("programs:officer_call_detail", pk=saved.pk)
        else:
            status = 400
    return render(
        request,
        "programs/officer/call_form.html",
        {"form": form, "rubric": rubric, "tranches": tranches, "call": call, "rubric_frozen": rubric_frozen},
        status=status,
    )


@login_required
def call_create(request):
    return _call_form_page(request, None)


def _get_call(request, pk):
    call = get_object_or_404(Call.objects.select_related("issuing_region", "brand_program"), pk=pk)
    require(request.user, "programs.call_manage", call)
    return call


@login_required
def call_edit(request, pk: int):
    return _call_form_page(request, _get_call(request, pk))


def _render_call_detail(request, call, *, notice_form=None, status=200):
    approved = approved_total(call)
    return render(
        request,
        "programs/officer/call_detail.html",
        {
            "call": call,
            "rule_errors": call_rule_errors(call),
            "approved_total": approved,
            "remaining": call.total_budget - approved,
            "notices": call.public_notices.annotate(application_count=Count("applications")),
            "awaiting_notice": call.applications.filter(
                status=ApplicationStatus.APPROVED, public_notices__isnull=True
            ).count(),
            "notice_form": notice_form or NoticeForm(),
            "cancel_form": ReasonForm(),
            "attachment_form": AttachmentForm(),
            "extra_links": call_links(call=call, user=request.user),
        },
        status=status,
    )


@login_required
def call_detail(request, pk: int):
    call = _get_call(request, pk)
    # read twice each (the rule check and the facts): once here
    prefetch_related_objects([call], "funding_shares", "rubric_criteria", "tranche_templates")
    return _render_call_detail(request, call)


@login_required
@require_POST
def call_publish_view(request, pk: int):
    call = _get_call(request, pk)
    try:
        call_publish(call=call, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("申报指南已发布。"))
    return redirect("programs:officer_call_detail", pk=pk)


@login_required
@require_POST
def call_cancel_view(request, pk: int):
    call = _get_call(request, pk)
    try:
        call_cancel(call=call, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("申报指南已撤销。"))
    return redirect("programs:officer_call_detail", pk=pk)


@login_required
def call_ranking(request, pk: int):
    call = _get_call(request, pk)
    return render(
        request,
        "programs/officer/ranking.html",
        {"call": call, "applications": ranking(call), "approved_total": approved_total(call)},
    )


@login_required
def call_export(request, pk: int):
    call = _get_call(request, pk)
    return applications_workbook(call)


@login_required
@require_POST
def notice_publish_view(request, pk: int):
    call = _get_call(request, pk)
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            notice = notice_publish(
                call=call, actor=request.user, text=form.cleaned_data["text"], starts_on=form.cleaned_data["starts_on"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            # A notice starting later is not public yet: say when it will be, so the officer does not look for it.
            messages.success(
                request,
                _("立项公示已发布，%(start)s 起对外公开，公示期至 %(end)s。")
                % {"start": notice.starts_on.isoformat(), "end": notice.ends_on.isoformat()},
            )
            return redirect("programs:officer_call_detail", pk=pk)
    # The officer's typed text and date stay on the page with the reason.
    return _render_call_detail(request, call, notice_form=form, status=400)


@login_required
@require_POST
def call_attachment_upload(request, pk: int):
    call = _get_call(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("programs:officer_call_detail", pk=pk)
    call_attach(call=call, actor=request.user, title=form.cleaned_data["title"], upload=form.cleaned_data["file"])
    messages.success(request, _("附件已上传。"))
    return redirect("programs:officer_call_detail", pk=pk)
