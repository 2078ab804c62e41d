"""The organization's side: start, edit, submit, withdraw an application; see its result."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import private_file_response
from core.forms import apply_service_errors
from core.models import ChildCategory, ServiceType
from core.permissions import check, require

from ..forms import (
    ApplicationForm,
    ApplicationStartForm,
    AttachmentForm,
    BudgetLineFormSet,
    PlannedOutputsForm,
    TeamFormSet,
    filled_rows,
)
from ..models import Application, ReviewStatus
from ..selectors import applications_for_member, notice_for, organizations_acting_for, public_calls
from ..services.applications import (
    ApplicationDraft,
    application_attachment_add,
    application_create,
    application_save_draft,
    application_submit,
    application_withdraw,
)
from ..workflows import available_actions


@login_required
def my_applications(request):
    applications = applications_for_member(request.user).order_by("-updated_at")
    return render(request, "programs/applicant/my_applications.html", {"applications": applications})


@login_required
def application_start(request, call_pk: int):
    call = get_object_or_404(public_calls(), pk=call_pk)
    organizations = organizations_acting_for(request.user)
    if not organizations.exists():
        return render(request, "programs/applicant/no_organization.html", {"call": call}, status=403)
    from organizations.selectors import current_organization

    form = ApplicationStartForm(
        request.POST or None,
        organizations=organizations,
        initial={"organization": current_organization(request.user, request.session)},
    )
    if organizations.count() == 1:
        # Nothing to choose: the only organization is filled in and the picker is hidden.
        form.fields["organization"].initial = organizations.first()
        form.fields["organization"].widget = forms.HiddenInput()
        if not request.POST:
            form.initial["organization"] = organizations.first().pk
    if request.method == "POST" and form.is_valid():
        try:
            application = application_create(
                call=call,
                organization=form.cleaned_data["organization"],
                actor=request.user,
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("已创建申报书草稿，请继续填写。"))
            return redirect("programs:application_edit", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "programs/applicant/start.html", {"call": call, "form": form}, status=status)


def _initial_outputs(application):
    initial = {f"children_{row.category_id}": row.count for row in application.planned_children.all()}
    initial.update({f"hours_{row.service_type_id}": row.hours for row in application.planned_hours.all()})
    return initial


def _edit_forms(request, application):
    call = application.call
    categories = call.child_categories.all() or ChildCategory.objects.active()
    service_types = call.service_types.all() or ServiceType.objects.active()
    data = request.POST if request.method == "POST" else None
    budget_initial = [
        {"category": b.category, "item": b.item, "unit": b.unit, "unit_price": b.unit_price, "quantity": b.quantity}
        for b in application.budget_lines.all()
    ]
    team_initial = [{"staff_member": m.staff_member_id, "role": m.role} for m in application.team.all()]
    return {
        "form": ApplicationForm(data, instance=application, call=call),
        "budget": BudgetLineFormSet(data, initial=None if data else budget_initial, prefix="budget"),
        "outputs": PlannedOutputsForm(
            data, initial=_initial_outputs(application), categories=categories, service_types=service_types
        ),
        "team": TeamFormSet(
            data,
            initial=None if data else team_initial,
            prefix="team",
            form_kwargs={"organization": application.organization},
        ),
    }


@login_required
def application_edit(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call__issuing_region", "organization"), pk=pk)
    require(request.user, "programs.application_edit", application)
    forms = _edit_forms(request, application)
    status = 200
    if request.method == "POST":
        valid = all(f.is_valid() for f in forms.values())
        if valid:
            form = forms["form"]
            fields = {k: v for k, v in form.cleaned_data.items() if k != "service_regions"}
            draft = ApplicationDraft(
                fields=fields,
                budget_lines=filled_rows(forms["budget"]),
                children=forms["outputs"].children_rows(),
                hours=forms["outputs"].hours_rows(),
                team=[{"staff_member": r["staff_member"], "role": r["role"]} for r in filled_rows(forms["team"])],
                service_regions=list(form.cleaned_data["service_regions"]),
            )
            try:
                application_save_draft(application=application, actor=request.user, draft=draft)
            except ValidationError as error:
                apply_service_errors(form, error, fields_map={"budget_lines": "__all__", "team": "__all__"})
                if hasattr(error, "error_dict"):
                    for key in ("budget_lines", "team"):
                        for message in error.message_dict.get(key, []):
                            forms["form"].add_error(None, message)
                status = 400
            else:
                if "submit" in request.POST:
                    return _submit(request, application)
                messages.success(request, _("草稿已保存。"))
                return redirect("programs:application_edit", pk=application.pk)
        else:
            status = 400
    context = {
        "application": application,
        "call": application.call,
        "attachment_form": AttachmentForm(),
        "attachments": application.attachments.all(),
        **forms,
    }
    return render(request, "programs/applicant/edit.html", context, status=status)


def _submit(request, application):
    try:
        application_submit(application=application, actor=request.user)
    except ValidationError as error:
        return render(
            request,
            "programs/applicant/submit_failed.html",
            {"application": application, "failures": error.messages},
            status=400,
        )
    messages.success(request, _("申报书已提交，已冻结为新版本。"))
    return redirect("programs:application_detail", pk=application.pk)


@login_required
@require_POST
def application_submit_view(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)
    require(request.user, "programs.application_submit", application)
    return _submit(request, application)


@login_required
@require_POST
def application_withdraw_view(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)
    try:
        application_withdraw(application=application, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programs:application_detail", pk=pk)
    messages.success(request, _("申报书已撤回。"))
    return redirect("programs:my_applications")


@login_required
def application_detail(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)
    require(request.user, "programs.application_view", application)
    # Applicants see the reviewers' comments after the decision, never their names.
    comments = []
    if application.is_decided:
        comments = [
            r.comment for r in application.reviews.filter(status=ReviewStatus.SUBMITTED).order_by("submitted_at")
        ]
    return render(
        request,
        "programs/applicant/detail.html",
        {
            "application": application,
            "call": application.call,
            "actions": available_actions(application, request.user),
            "can_edit": check(request.user, "programs.application_edit", application).allowed,
            "comments": comments,
            "notice": notice_for(application),
            "versions": application.versions.all(),
        },
    )


@login_required
@require_POST
def attachment_upload(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)
    require(request.user, "programs.application_edit", application)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("programs:application_edit", pk=pk)
    try:
        application_attachment_add(
            application=application,
            actor=request.user,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("programs:application_edit", pk=pk)
    messages.success(request, _("附件已上传。"))
    return redirect("programs:application_edit", pk=pk)


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    application = get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)
    require(request.user, "programs.application_view", application)
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    return private_file_response(attachment.file)
