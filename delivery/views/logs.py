"""Service logs and measurements of a grant: lists and one-by-one entry forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.excel import wants_xlsx
from core.forms import apply_service_errors
from core.pagination import paginate
from core.permissions import require

from ..exports import logs_response
from ..forms import MeasurementForm, ServiceLogForm
from ..models import Beneficiary, Enrolment, ServiceLog
from ..selectors.children import log_list, measurement_list
from ..services import measurement_record, service_log_create, service_log_delete
from .common import grant_context, grant_for


def _children_choices(grant):
    """The grant's children, labelled with the name the organization recorded (forms of the organization only)."""
    name = Enrolment.objects.filter(beneficiary=OuterRef("pk"), grant=grant).values("name")[:1]
    return Beneficiary.objects.served_under(grant).annotate(enrolment_name=Subquery(name)).order_by("-pk")


@login_required
def log_list_view(request, grant_pk: int):
    grant = grant_for(request.user, grant_pk)
    context = grant_context(request.user, grant, "logs")
    if wants_xlsx(request):
        return logs_response(grant, log_list(grant), is_member=context["is_member"])
    page = paginate(request, log_list(grant), 50)
    return render(request, "delivery/log_list.html", {**context, "page": page})


@login_required
def log_add(request, grant_pk: int):
    grant = grant_for(request.user, grant_pk, "delivery.manage")
    form = ServiceLogForm(
        request.POST or None, grant=grant, children=_children_choices(grant), initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service_log_create(
                grant=grant,
                actor=request.user,
                date=data["date"],
                service_type=data["service_type"],
                form=data["form"],
                minutes=data["minutes"],
                staff_member=data["staff_member"],
                volunteer_name=data["volunteer_name"],
                beneficiary=data["beneficiary"],
                attendees=list(data["attendees"]),
                head_count=data["head_count"] or 0,
                group_name=data["group_name"],
                township=data["township"],
                village=data["village"],
                notes=data["notes"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("服务记录已保存。"))
            if "another" in request.POST:
                return redirect("delivery:log_add", grant_pk=grant.pk)
            return redirect("delivery:log_list", grant_pk=grant.pk)
    status = 400 if request.method == "POST" else 200
    context = {**grant_context(request.user, grant, "logs"), "form": form}
    return render(request, "delivery/log_form.html", context, status=status)


@login_required
@require_POST
def log_delete(request, pk: int):
    log = get_object_or_404(ServiceLog.objects.select_related("grant"), pk=pk)
    grant_for(request.user, log.grant_id)
    require(request.user, "delivery.delete_log", log)
    service_log_delete(log=log, actor=request.user)
    messages.success(request, _("服务记录已删除。"))
    return redirect("delivery:log_list", grant_pk=log.grant_id)


@login_required
def measurement_list_view(request, grant_pk: int):
    grant = grant_for(request.user, grant_pk)
    context = grant_context(request.user, grant, "measurements")
    page = paginate(request, measurement_list(grant), 50)
    form = None
    if context["can_manage"]:
        form = MeasurementForm(
            grant=grant, children=_children_choices(grant), initial={"measured_on": timezone.localdate()}
        )
    return render(request, "delivery/measurement_list.html", {**context, "page": page, "form": form})


@login_required
@require_POST
def measurement_add(request, grant_pk: int):
    grant = grant_for(request.user, grant_pk, "delivery.manage")
    form = MeasurementForm(request.POST, grant=grant, children=_children_choices(grant))
    if form.is_valid():
        data = form.cleaned_data
        try:
            measurement_record(grant=grant, actor=request.user, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("测量结果已保存。"))
            return redirect("delivery:measurement_list", grant_pk=grant.pk)
    context = grant_context(request.user, grant, "measurements")
    page = Paginator(measurement_list(grant), 50).get_page(1)
    return render(request, "delivery/measurement_list.html", {**context, "page": page, "form": form}, status=400)
