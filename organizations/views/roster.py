"""The staff roster (社工队伍) and the annual status (年检/年报) entered by the organization."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import private_file_response
from core.forms import apply_service_errors
from core.permissions import check, require

from ..forms import AnnualStatusForm, StaffMemberForm
from ..models import AnnualStatus, StaffMember
from ..selectors import qualification_counts
from ..services import annual_status_submit, staff_member_create, staff_member_delete, staff_member_update
from .common import organization_for, render_invalid


@login_required
def staff(request, pk: int):
    organization = organization_for(request, pk)
    context = {
        "organization": organization,
        "staff_members": organization.staff_members.all(),
        "can_edit": check(request.user, "organizations.edit_roster", organization).allowed,
        "qualification_counts": qualification_counts(organization),
    }
    return render(request, "organizations/staff_list.html", context)


def _staff_form_page(request, organization, staff_member=None):
    template = "organizations/staff_form.html"
    if request.method == "POST":
        form = StaffMemberForm(request.POST, instance=staff_member)
        if form.is_valid():
            try:
                if staff_member is None:
                    staff_member_create(organization=organization, data=form.cleaned_data, actor=request.user)
                else:
                    staff_member_update(staff_member=staff_member, data=form.cleaned_data, actor=request.user)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("社工队伍已更新。"))
                return redirect("organizations:staff", organization.pk)
        return render_invalid(request, template, {"form": form, "organization": organization, "staff": staff_member})
    form = StaffMemberForm(instance=staff_member)
    return render(request, template, {"form": form, "organization": organization, "staff": staff_member})


@login_required
def staff_new(request, pk: int):
    return _staff_form_page(request, organization_for(request, pk, "organizations.edit_roster"))


@login_required
def staff_edit(request, pk: int, staff_pk: int):
    organization = organization_for(request, pk, "organizations.edit_roster")
    staff_member = get_object_or_404(StaffMember, pk=staff_pk, organization=organization)
    return _staff_form_page(request, organization, staff_member)


@login_required
@require_POST
def staff_delete(request, pk: int, staff_pk: int):
    organization = organization_for(request, pk, "organizations.edit_roster")
    staff_member = get_object_or_404(StaffMember, pk=staff_pk, organization=organization)
    staff_member_delete(staff_member=staff_member, actor=request.user)
    messages.success(request, _("已从社工队伍中删除 %(name)s。") % {"name": staff_member.name})
    return redirect("organizations:staff", organization.pk)


@login_required
def annual_new(request, pk: int):
    organization = organization_for(request, pk, "organizations.submit_annual_status")
    template = "organizations/annual_form.html"
    if request.method == "POST":
        form = AnnualStatusForm(request.POST, request.FILES, organization=organization)
        if form.is_valid():
            try:
                annual_status_submit(organization=organization, data=form.cleaned_data, actor=request.user)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("年检年报结论已提交，等待项目官员确认。"))
                return redirect("organizations:detail", organization.pk)
        return render_invalid(request, template, {"form": form, "organization": organization})
    form = AnnualStatusForm(organization=organization)
    return render(request, template, {"form": form, "organization": organization})


@login_required
def annual_evidence(request, pk: int):
    status = get_object_or_404(AnnualStatus.objects.select_related("organization"), pk=pk)
    require(request.user, "organizations.view_documents", status.organization)
    if not status.evidence:
        raise Http404(_("没有这份文件。"))
    return private_file_response(status.evidence)
