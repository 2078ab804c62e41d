"""Pages of the township network: a director reports a child's need (on a phone) and follows their reports; a
supervisor sees the township's referrals; everyone allowed opens one referral."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import apply_service_errors
from core.permissions import check, require
from organizations.selectors import membership_of, organizations_for_member

from ..forms import AcceptForm, AssignForm, ReasonForm, ReportForm
from ..models import CareWorkerRole, Referral, ReferralStatus
from ..selectors import (
    care_worker_of,
    referral_service_logs,
    referrals_of_township,
    referrals_reported_by,
    with_first_service,
)
from ..services import referral_open, referral_report
from ..services.workers import hotlines_for
from .officer import assignable_grants


@login_required
def home(request):
    """The network's landing page: a director's reports, or a supervisor's township."""
    worker = care_worker_of(request.user)
    if worker is None:
        if request.user.is_officer:
            return redirect("referrals:officer_overview")
        if organizations_for_member(request.user).exists():
            return redirect("referrals:inbox")
        require(request.user, "referrals.report", None)
    if worker.role == CareWorkerRole.DIRECTOR:
        referrals = referrals_reported_by(request.user)
    else:
        referrals = referrals_of_township(worker.township)
    page = Paginator(referrals, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/home.html",
        {"worker": worker, "page": page, "hotlines": hotlines_for(worker.township.parent)},
    )


@login_required
def report(request):
    require(request.user, "referrals.report", None)
    worker = care_worker_of(request.user)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = referral_report(actor=request.user, **form.record())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("已提交，编号 %(code)s。") % {"code": referral.code})
            return redirect("referrals:referral_detail", pk=referral.pk)
    return render(
        request,
        "referrals/report_form.html",
        {"form": form, "worker": worker, "hotlines": hotlines_for(worker.township.parent)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def referral_detail(request, pk: int):
    referral = get_object_or_404(
        with_first_service(
            Referral.objects.select_related("township", "county", "organization", "grant", "category", "reporter")
        ),
        pk=pk,
    )
    referral_open(referral=referral, actor=request.user)
    user = request.user
    can_respond = check(user, "referrals.respond", referral).allowed
    can_assign = check(user, "referrals.assign", referral).allowed
    context = {
        "referral": referral,
        "show_name": check(user, "referrals.view_child_name", referral).allowed,
        "is_reporter": referral.reporter_id == user.pk,
        "can_respond": can_respond,
        "can_assign": can_assign,
        # The service logs that followed: only the serving organization reads them (they carry its notes).
        "logs": referral_service_logs(referral)[:20] if membership_of(user, referral.organization) else None,
        "hotlines": hotlines_for(referral.county) if referral.is_urgent else [],
    }
    if can_respond:
        context["accept_form"] = AcceptForm(initial={"name": referral.child_name})
        context["return_form"] = ReasonForm()
    if can_assign:
        context["assign_form"] = AssignForm(grants=assignable_grants(referral))
        context["close_form"] = ReasonForm()
    context["is_closed"] = referral.status == ReferralStatus.CLOSED
    return render(request, "referrals/referral_detail.html", context)
