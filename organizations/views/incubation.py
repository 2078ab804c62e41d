"""Incubation (培育孵化) for program officers: the list of their region's incubations (and its export), enrolment, the
support log, graduation against the criteria, and ending."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.excel import Column, wants_xlsx, workbook_response
from core.forms import apply_service_errors, run_service
from core.permissions import check, require

from ..filters_incubation import IncubationFilter
from ..forms_incubation import EndForm, GraduateForm, IncubationForm, SupportForm
from ..incubation_criteria import checked_criteria
from ..models import Incubation
from ..selectors import incubations_for_officer
from ..services import incubation_add_support, incubation_create, incubation_end, incubation_graduate
from .common import organization_for, render_invalid

PAGE_SIZE = 25

EXPORT_COLUMNS = [
    Column(gettext_lazy("社会组织"), lambda i: i.organization.name, width=36),
    Column(gettext_lazy("统一社会信用代码"), lambda i: i.organization.credit_code, width=22),
    Column(gettext_lazy("孵化项目"), lambda i: i.program_name, width=30),
    Column(gettext_lazy("孵化地区"), lambda i: i.region.name),
    Column(gettext_lazy("开始日期"), lambda i: i.started_on, number_format="yyyy-mm-dd", width=12),
    Column(gettext_lazy("阶段"), lambda i: i.get_stage_display(), width=10),
    Column(gettext_lazy("孵化月数"), lambda i: i.months(), width=10),
    Column(gettext_lazy("支持次数"), lambda i: i.support_count, width=10),
    Column(gettext_lazy("支持时长（小时）"), lambda i: i.support_hours or 0, width=14),
    Column(gettext_lazy("出壳日期"), lambda i: i.graduated_on, number_format="yyyy-mm-dd", width=12),
    Column(gettext_lazy("终止日期"), lambda i: i.ended_on, number_format="yyyy-mm-dd", width=12),
]


def _filtered(request):
    require(request.user, "organizations.officer_queue")
    return IncubationFilter(request.GET, queryset=incubations_for_officer(request.user), officer=request.user)


@login_required
def incubation_list(request):
    filterset = _filtered(request)
    if wants_xlsx(request) and not filterset.errors:
        return workbook_response(
            filename=f"培育孵化-{timezone.localdate().isoformat()}.xlsx",
            sheet_title=_("培育孵化"),
            columns=EXPORT_COLUMNS,
            rows=filterset.qs.iterator(chunk_size=500),
        )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "xlsx"
    context = {
        "filter": filterset,
        "page": page,
        "region": request.user.officer_region,
        "export_query": query.urlencode(),
        "today": timezone.localdate(),
    }
    return render(request, "organizations/incubation_list.html", context, status=400 if filterset.errors else 200)


@login_required
def incubation_new(request, pk: int):
    organization = organization_for(request, pk, "organizations.incubate")
    template = "organizations/incubation_form.html"
    if request.method == "POST":
        form = IncubationForm(request.POST, officer=request.user)
        if form.is_valid():
            try:
                incubation = incubation_create(organization=organization, data=form.cleaned_data, actor=request.user)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("已登记培育孵化。"))
                return redirect("organizations:incubation_detail", incubation.pk)
        return render_invalid(request, template, {"form": form, "organization": organization})
    form = IncubationForm(officer=request.user, initial={"started_on": timezone.localdate()})
    return render(request, template, {"form": form, "organization": organization})


def _incubation_for(request, pk: int, action: str) -> Incubation:
    incubation = get_object_or_404(Incubation.objects.select_related("organization", "region"), pk=pk)
    require(request.user, action, incubation.organization)
    return incubation


def _detail(request, incubation, *, support_form=None, graduate_form=None, end_form=None, status=200):
    can_manage = request.user.is_officer and _may(request.user, incubation)
    context = {
        "incubation": incubation,
        "organization": incubation.organization,
        "supports": incubation.supports.select_related("recorded_by"),
        "criteria": checked_criteria(incubation),
        "can_manage": can_manage and incubation.is_open,
        "support_form": support_form or SupportForm(initial={"given_on": timezone.localdate()}),
        "graduate_form": graduate_form or GraduateForm(),
        "end_form": end_form or EndForm(),
    }
    return render(request, "organizations/incubation_detail.html", context, status=status)


def _may(user, incubation) -> bool:
    return bool(check(user, "organizations.incubate", incubation.organization))


@login_required
def incubation_detail(request, pk: int):
    """Officers who cover the organization, and its own members (read-only), see the incubation."""
    return _detail(request, _incubation_for(request, pk, "organizations.view"))


@login_required
@require_POST
def incubation_support(request, pk: int):
    incubation = _incubation_for(request, pk, "organizations.incubate")
    form = SupportForm(request.POST)
    if run_service(form, lambda data: incubation_add_support(incubation=incubation, data=data, actor=request.user)):
        messages.success(request, _("已记录孵化支持。"))
        return redirect("organizations:incubation_detail", incubation.pk)
    return _detail(request, incubation, support_form=form, status=400)


@login_required
@require_POST
def incubation_graduate_view(request, pk: int):
    incubation = _incubation_for(request, pk, "organizations.incubate")
    form = GraduateForm(request.POST)

    def graduate(data):
        incubation_graduate(
            incubation=incubation, confirmed=set(data["confirmed"]), note=data["note"], actor=request.user
        )

    if run_service(form, graduate):
        messages.success(request, _("已办理出壳。"))
        return redirect("organizations:incubation_detail", incubation.pk)
    return _detail(request, incubation, graduate_form=form, status=400)


@login_required
@require_POST
def incubation_end_view(request, pk: int):
    incubation = _incubation_for(request, pk, "organizations.incubate")
    form = EndForm(request.POST)
    if run_service(form, lambda data: incubation_end(incubation=incubation, reason=data["reason"], actor=request.user)):
        messages.success(request, _("已终止孵化。"))
        return redirect("organizations:incubation_detail", incubation.pk)
    return _detail(request, incubation, end_form=form, status=400)
