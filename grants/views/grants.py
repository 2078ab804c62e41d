"""Grant pages for officers and organizations: list, export, overdue list, contracting, detail, status changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import wants_xlsx
from core.files import private_file_response
from core.filters import filter_status
from core.forms import apply_service_errors
from core.pagination import paginate
from core.permissions import Denied, check, require
from programs.models import Application

from ..exports import grants_workbook_response, overdue_response, ready_response
from ..filters import GrantFilter
from ..forms import GrantCreateForm, GrantStatusForm
from ..funding import funds_by_source
from ..models import Grant, MilestoneStatus
from ..panels import apply_filters, registered_filters
from ..selectors import (
    applications_ready_for_grant,
    grant_timeline,
    grants_visible_to,
    milestone_service_figures,
    overdue_milestones_for,
)
from ..services import grant_change_status, grant_create
from ..workflows import grant_workflow


def _filtered(request):
    queryset = grants_visible_to(request.user).for_list().with_overdue().order_by("-signed_on", "-id")
    return GrantFilter(request.GET or None, queryset=queryset, user=request.user)


def _list_page(request, grant_filter):
    """The list; a filter the officer mistyped is named on the page (400) and left out of the query."""
    # Filters contributed by higher apps (grants.panels), e.g. delivery's "behind plan".
    grants = apply_filters(grant_filter.qs, request.GET) if request.user.is_officer else grant_filter.qs
    page = paginate(request, grants, 25)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "grants/grant_list.html",
        {
            "filter": grant_filter,
            "page": page,
            "query": query.urlencode(),
            "is_officer": request.user.is_officer,
            "extra_filters": [(f.key, f.label, request.GET.get(f.key) == "1") for f in registered_filters()],
        },
        status=filter_status(grant_filter),
    )


@login_required
def grant_list(request):
    """Officers: grants in their region with filters; organization members: their grants; evaluators: assigned."""
    if wants_xlsx(request):
        return grant_export(request)
    return _list_page(request, _filtered(request))


@login_required
def grant_export(request):
    if not request.user.is_officer and not request.user.is_platform_admin:
        raise Denied(_("只有项目官员可以导出项目合同。"))
    grant_filter = _filtered(request)
    if grant_filter.is_bound and not grant_filter.is_valid():
        # Exporting without the mistyped filter would hand over more than was asked: show the list and the error.
        return _list_page(request, grant_filter)
    return grants_workbook_response(apply_filters(grant_filter.qs, request.GET))


@login_required
def overdue_list(request):
    if not request.user.is_officer:
        raise Denied(_("只有项目官员可以查看逾期节点。"))
    if wants_xlsx(request):
        today = timezone.localdate()
        return overdue_response(overdue_milestones_for(request.user, today), today)
    page = paginate(request, overdue_milestones_for(request.user), 50)
    return render(request, "grants/overdue_list.html", {"page": page})


@login_required
def ready_list(request):
    """Approved applications waiting for a contract."""
    if not request.user.is_officer:
        raise Denied(_("只有项目官员可以签订合同。"))
    if wants_xlsx(request):
        return ready_response(applications_ready_for_grant(request.user))
    page = paginate(request, applications_ready_for_grant(request.user), 50)
    return render(request, "grants/ready_list.html", {"page": page})


@login_required
def grant_create_view(request, application_pk: int):
    application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=application_pk)
    require(request.user, "grants.create", application)
    if hasattr(application, "grant"):
        return redirect("grants:grant_detail", pk=application.grant.pk)
    form = GrantCreateForm(request.POST or None, request.FILES or None, application=application)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                grant = grant_create(application=application, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, _("合同 %(number)s 已签订，项目节点已生成。") % {"number": grant.contract_number}
                )
                return redirect("grants:grant_detail", pk=grant.pk)
        status = 400
    templates = application.call.tranche_templates.order_by("order", "id")
    return render(
        request,
        "grants/grant_create.html",
        {"form": form, "application": application, "templates": templates},
        status=status,
    )


@login_required
def grant_detail(request, pk: int):
    grant = get_object_or_404(
        Grant.objects.select_related("call", "organization", "issuing_region", "brand_program", "continues"), pk=pk
    )
    require(request.user, "grants.view", grant)
    milestones = list(grant.milestones.select_related("payment", "approved_by").order_by("order"))
    for milestone in milestones:
        milestone.figures = milestone_service_figures(milestone)
    paid = sum((m.payment.amount for m in milestones if hasattr(m, "payment")), start=0)
    can_manage = check(request.user, "grants.manage", grant).allowed
    evaluations = list(grant.evaluations.select_related("evaluator").order_by("kind"))
    for evaluation in evaluations:
        # The organization sees its evaluations listed, but their page and score only once published.
        evaluation.grant = grant
        evaluation.viewable = check(request.user, "grants.evaluation_view", evaluation).allowed
    context = {
        "grant": grant,
        "milestones": milestones,
        "paid": paid,
        "unpaid": grant.amount - paid,
        "chain": grant.renewal_chain(),
        "evaluations": evaluations,
        "can_manage": can_manage,
        "schedule_editable": can_manage and not any(m.submitted_at for m in milestones),
        "can_assign": check(request.user, "grants.evaluation_assign", grant).allowed,
        "status_actions": [
            (action, grant_workflow.action_labels[action])
            for action in grant_workflow.allowed_actions(grant.status)
            # "start" happens on the first submission; "complete" only once every tranche is paid.
            if action != "start" and (action != "complete" or all(m.status == MilestoneStatus.PAID for m in milestones))
        ]
        if can_manage
        else [],
        "timeline": grant_timeline(grant) if check(request.user, "grants.view_audit", grant).allowed else None,
        "service_regions": grant.service_regions.all(),
        "funding": funds_by_source(Grant.objects.filter(pk=grant.pk)),
    }
    return render(request, "grants/grant_detail.html", context)


@login_required
def grant_contract(request, pk: int):
    grant = get_object_or_404(Grant.objects.select_related("issuing_region", "organization"), pk=pk)
    require(request.user, "grants.view", grant)
    return private_file_response(grant.signed_contract)


@login_required
def grant_status(request, pk: int, action: str):
    grant = get_object_or_404(Grant.objects.select_related("issuing_region", "organization"), pk=pk)
    require(request.user, "grants.manage", grant)
    if action not in grant_workflow.action_labels or action == "start":
        return redirect("grants:grant_detail", pk=grant.pk)
    form = GrantStatusForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            grant_change_status(grant=grant, action=action, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
            status = 400
        else:
            grant.refresh_from_db(fields=["status"])
            messages.success(request, _("项目状态已更新为“%(status)s”。") % {"status": grant.get_status_display()})
            return redirect("grants:grant_detail", pk=grant.pk)
    label = grant_workflow.action_labels[action]
    return render(
        request,
        "includes/simple_form_page.html",
        {
            "form": form,
            "page_title": _("%(action)s项目：%(grant)s") % {"action": label, "grant": grant},
            "intro": _("暂停或终止须填写原因；终止原因将在项目公开页面上公示。"),
            "submit_label": label,
        },
        status=status,
    )
