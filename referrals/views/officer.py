"""The officer's side: counts by county, the queue of referrals waiting for a decision, coverage gaps, assigning and
closing; the supervisor and director accounts (Excel list) and the county hotline."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.excel import XLSX_MIME, wants_xlsx
from core.forms import apply_service_errors, errors_as_messages, run_service
from core.models import Region, RegionLevel
from core.permissions import Denied, require
from grants.models import Grant
from grants.models.grants import ACTIVE_STATUSES

from ..exports import county_counts_response, referrals_response
from ..forms import AssignForm, HotlineForm, ReasonForm, WorkersImportForm
from ..imports import build_template
from ..models import CareWorker, CountyHotline, Referral, ReferralStatus
from ..selectors import county_counts, referrals_for_officer, workers_of_region
from ..services import care_workers_import, hotline_set, referral_assign, referral_close
from ..services.workers import ImportRefused, account_setup_reissue


def _officer_region(user) -> Region:
    region = user.officer_region
    if region is None:
        raise Denied(_("只有民政部门项目官员可以查看。"))
    return region


def assignable_grants(referral: Referral):
    """Active grants an officer may send the referral to: those serving the township or its county, else those
    issued by a region containing the township."""
    active = Grant.objects.filter(status__in=ACTIVE_STATUSES, end_date__gte=timezone.localdate()).select_related(
        "organization"
    )
    serving = active.filter(service_regions__in=[referral.township_id, referral.county_id]).distinct()
    if serving.exists():
        return serving.order_by("pk")
    codes = [code for code in referral.township.path.split("/") if code]
    return active.filter(issuing_region__code__in=codes).order_by("pk")


@login_required
def overview(request):
    region = _officer_region(request.user)
    referrals = referrals_for_officer(region)
    if wants_xlsx(request):
        # ?format=xlsx: the counts by county; &table=referrals: every referral of the region (pseudonymous).
        if request.GET.get("table") == "referrals":
            return referrals_response(region, referrals)
        return county_counts_response(region, county_counts(region))
    waiting = referrals.filter(status=ReferralStatus.WITH_OFFICER)
    overdue = referrals.filter(status=ReferralStatus.ROUTED, accept_due__lt=timezone.localdate())
    context = {
        "region": region,
        "counts": county_counts(region),
        "waiting": waiting[:50],
        "overdue": overdue[:50],
        "gaps": referrals.coverage_gaps().order_by("-created_at")[:50],
        "recent": referrals.filter(~Q(status=ReferralStatus.WITH_OFFICER))[:30],
    }
    return render(request, "referrals/officer_overview.html", context)


def _post_on_referral(request, pk: int):
    referral = get_object_or_404(Referral.objects.select_related("township"), pk=pk)
    require(request.user, "referrals.assign", referral)
    return referral


@login_required
@require_POST
def assign(request, pk: int):
    referral = _post_on_referral(request, pk)
    form = AssignForm(request.POST, grants=assignable_grants(referral))
    if run_service(form, lambda data: referral_assign(referral=referral, actor=request.user, grant=data["grant"])):
        messages.success(request, _("已分派给承接组织。"))
        return redirect("referrals:referral_detail", pk=referral.pk)
    errors_as_messages(request, form)
    return redirect("referrals:referral_detail", pk=referral.pk)


@login_required
@require_POST
def close(request, pk: int):
    referral = _post_on_referral(request, pk)
    form = ReasonForm(request.POST)
    if run_service(form, lambda data: referral_close(referral=referral, actor=request.user, reason=data["reason"])):
        messages.success(request, _("已结束该转介。"))
        return redirect("referrals:officer_overview")
    errors_as_messages(request, form)
    return redirect("referrals:referral_detail", pk=referral.pk)


@login_required
def workers(request):
    """The supervisors and directors of the officer's region, the Excel import and the county hotlines. After an
    import the printed codes are shown once, in the response to the upload (never stored, never shown again)."""
    region = _officer_region(request.user)
    form = WorkersImportForm(request.POST or None, request.FILES or None, region=region)
    hotline_form = HotlineForm(region=region)
    created, row_errors, status = None, None, 200
    if request.method == "POST" and form.is_valid():
        try:
            created = care_workers_import(
                actor=request.user, county=form.cleaned_data["county"], upload=form.cleaned_data["file"]
            )
        except ImportRefused as error:
            row_errors, status = error.row_errors, 400
            form.add_error(None, error.messages[0])
        except ValidationError as error:
            apply_service_errors(form, error)
            status = 400
    elif request.method == "POST":
        status = 400
    context = {
        "region": region,
        "form": form,
        "hotline_form": hotline_form,
        "created": created,
        "row_errors": row_errors,
        "workers": workers_of_region(region)[:500],
        "hotlines": CountyHotline.objects.filter(county__path__startswith=region.path).select_related("county"),
    }
    return render(request, "referrals/workers.html", context, status=status)


@login_required
@require_POST
def reissue(request, pk: int):
    """A new setup code for one worker: shown once on the page that answers (or e-mailed)."""
    region = _officer_region(request.user)
    worker = get_object_or_404(CareWorker.objects.select_related("user", "township"), pk=pk)
    code = account_setup_reissue(actor=request.user, worker=worker)
    context = {
        "region": region,
        "form": WorkersImportForm(region=region),
        "hotline_form": HotlineForm(region=region),
        "created": [(worker, code)],
        "workers": workers_of_region(region)[:500],
        "hotlines": CountyHotline.objects.filter(county__path__startswith=region.path).select_related("county"),
    }
    return render(request, "referrals/workers.html", context)


@login_required
def workers_template(request, county_code: str):
    region = _officer_region(request.user)
    county = get_object_or_404(Region, code=county_code, level=RegionLevel.COUNTY)
    require(request.user, "referrals.manage_workers", county)
    if not region.contains(county):
        raise Denied(_("只能下载本辖区县市区的模板。"))
    response = HttpResponse(build_template(county), content_type=XLSX_MIME)
    filename = f"{county.name}-儿童督导员儿童主任名单模板.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@require_POST
def hotline(request):
    region = _officer_region(request.user)
    form = HotlineForm(request.POST, region=region)
    if form.is_valid():
        try:
            hotline_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已保存热线号码。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("referrals:workers")
