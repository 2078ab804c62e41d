"""What program officers do: the verification queue and its export, decisions, annual status confirmation and
incubation (views/incubation.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.excel import wants_xlsx, workbook_response
from core.forms import apply_service_errors
from core.permissions import require

from ..exports import ORGANIZATION_COLUMNS
from ..filters import OrganizationFilter
from ..forms import ReturnForm, VerifyForm
from ..models import AnnualStatus
from ..selectors import officer_list
from ..services import (
    annual_status_confirm,
    organization_return,
    organization_verify,
)
from .common import organization_for, render_invalid
from .profile import detail_context

PAGE_SIZE = 25


def _filtered(request):
    require(request.user, "organizations.officer_queue")
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = "awaiting"
    return OrganizationFilter(data, queryset=officer_list(request.user), officer=request.user)


def _queue_page(request, filterset, *, export_refused=False):
    """The queue; with a filter the officer mistyped it says which and answers 400 (the rest of the filter applies)."""
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "region": request.user.officer_region,
        "export_refused": export_refused,
    }
    return render(request, "organizations/officer_queue.html", context, status=400 if filterset.errors else 200)


@login_required
def queue(request):
    if wants_xlsx(request):
        return export(request)
    return _queue_page(request, _filtered(request))


@login_required
def export(request):
    """The filtered list as an Excel workbook. A download with no side effects, so GET (and no audit row). A filter
    with a mistake is not exported (the file would hold more than the officer asked for): the queue says why."""
    filterset = _filtered(request)
    if filterset.errors:
        return _queue_page(request, filterset, export_refused=True)
    day = timezone.localdate().isoformat()
    return workbook_response(
        filename=f"社会组织名录-{day}.xlsx",
        sheet_title=_("社会组织"),
        columns=ORGANIZATION_COLUMNS,
        rows=filterset.qs.iterator(chunk_size=500),
    )


def _decision(request, pk, form_class, run, done_message):
    organization = organization_for(request, pk, "organizations.verify")
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(organization, form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, done_message)
            return redirect("organizations:detail", organization.pk)
    context = detail_context(request, organization)
    context["verify_form" if form_class is VerifyForm else "return_form"] = form
    context["decision_errors"] = [message for errors in form.errors.values() for message in errors]
    return render_invalid(request, "organizations/detail.html", context)


@login_required
@require_POST
def verify(request, pk: int):
    return _decision(
        request,
        pk,
        VerifyForm,
        lambda org, data: organization_verify(organization=org, actor=request.user, note=data["note"]),
        _("已审核通过。"),
    )


@login_required
@require_POST
def return_(request, pk: int):
    return _decision(
        request,
        pk,
        ReturnForm,
        lambda org, data: organization_return(organization=org, actor=request.user, reason=data["reason"]),
        _("已退回，组织管理员会收到退回原因。"),
    )


@login_required
@require_POST
def annual_confirm(request, pk: int):
    status = get_object_or_404(AnnualStatus.objects.select_related("organization"), pk=pk)
    require(request.user, "organizations.view", status.organization)
    try:
        annual_status_confirm(annual_status=status, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已确认 %(year)d 年度结论。") % {"year": status.year})
    return redirect("organizations:detail", status.organization_id)
