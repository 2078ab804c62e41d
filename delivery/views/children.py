"""Children pages: a grant's list, adding and editing a child, the child's file (audited; officers give a reason)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import wants_xlsx
from core.files import private_file_response
from core.forms import apply_service_errors
from core.pagination import paginate
from core.permissions import check, require

from ..exports import children_response
from ..forms import ChildAddForm, ChildRecordForm, FileReasonForm
from ..models import Beneficiary, Enrolment
from ..selectors import beneficiary_file, children_of_grant, enrolment_of, serving_organization_ids
from ..services import beneficiary_enrol, beneficiary_file_open, beneficiary_update, enrolment_consent_open
from .common import grant_context, grant_for


@login_required
def child_list(request, grant_pk: int):
    grant = grant_for(request.user, grant_pk)
    context = grant_context(request.user, grant, "children")
    children = children_of_grant(grant, with_names=context["is_member"])
    if wants_xlsx(request):
        return children_response(grant, children, with_names=context["is_member"])
    page = paginate(request, children, 50)
    return render(request, "delivery/child_list.html", {**context, "page": page, "today": timezone.localdate()})


@login_required
def child_add(request, grant_pk: int):
    grant = grant_for(request.user, grant_pk, "delivery.manage")
    form = ChildAddForm(request.POST or None, request.FILES or None, initial={"consent_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = beneficiary_enrol(grant=grant, actor=request.user, **form.record())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("已登记服务对象，档案号 %(code)s。") % {"code": enrolment.beneficiary.code})
            return redirect("delivery:child_list", grant_pk=grant.pk)
    status = 400 if request.method == "POST" else 200
    context = {**grant_context(request.user, grant, "children"), "form": form}
    return render(request, "delivery/child_form.html", context, status=status)


@login_required
def child_edit(request, pk: int):
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("grant", "grant__organization", "grant__issuing_region", "beneficiary"),
        pk=pk,
    )
    grant = grant_for(request.user, enrolment.grant_id)
    require(request.user, "delivery.manage_enrolment", enrolment)
    child = enrolment.beneficiary
    if request.method == "GET":
        # The form shows the child's record and name: an opening of the file, audited as such.
        beneficiary_file_open(beneficiary=child, actor=request.user)
    initial = {
        "name": enrolment.name,
        "categories": list(child.categories.all()),
        **{field: getattr(child, field) for field in ("gender", "birth_year", "birth_month", "township")},
        "county": child.county_id,
        "guardian_type": child.guardian_type,
        "school_stage": child.school_stage,
        "consent_date": enrolment.consent_date,
        "consent_by": enrolment.consent_by,
    }
    form = ChildRecordForm(request.POST or None, request.FILES or None, initial=initial)
    if child.has_id:
        for field in ("gender", "birth_year", "birth_month"):
            form.fields[field].disabled = True
    if request.method == "POST" and form.is_valid():
        record = form.record()
        try:
            beneficiary_update(enrolment=enrolment, actor=request.user, **record)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("delivery:child_file", pk=child.pk)
    status = 400 if request.method == "POST" else 200
    context = {**grant_context(request.user, grant, "children"), "form": form, "enrolment": enrolment, "child": child}
    return render(request, "delivery/child_form.html", context, status=status)


def _file_context(request, child) -> dict:
    own = serving_organization_ids(request.user)
    enrolment = enrolment_of(child, own)
    return {
        "child": child,
        "name": enrolment.name if enrolment else "",
        "own_enrolment": enrolment,
        "sections": beneficiary_file(child, request.user),
        "categories": child.categories.all(),
        "age": child.age_on(timezone.localdate()),
    }


@login_required
def child_file(request, pk: int):
    """A child's file. A member of a serving organization sees it at once; an officer first states a reason (POST).
    Either way the opening is written to the audit log before anything is shown."""
    child = get_object_or_404(Beneficiary.objects.select_related("county"), pk=pk)
    if check(request.user, "delivery.view_beneficiary", child).allowed and request.method == "GET":
        beneficiary_file_open(beneficiary=child, actor=request.user)
        return render(request, "delivery/child_file.html", _file_context(request, child))
    require(request.user, "delivery.view_beneficiary_with_reason", child)
    form = FileReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            beneficiary_file_open(beneficiary=child, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            context = {**_file_context(request, child), "reason": form.cleaned_data["reason"]}
            response = render(request, "delivery/child_file.html", context)
            response["Cache-Control"] = "private, no-store"
            return response
    status = 400 if request.method == "POST" else 200
    return render(request, "delivery/child_reason.html", {"child": child, "form": form}, status=status)


@login_required
def consent_download(request, pk: int):
    enrolment = get_object_or_404(Enrolment.objects.select_related("grant", "grant__organization"), pk=pk)
    enrolment_consent_open(enrolment=enrolment, actor=request.user)
    return private_file_response(enrolment.consent_form)
