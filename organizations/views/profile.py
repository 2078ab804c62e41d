"""An organization's profile as its members and covering officers see it, its edit page and its documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import AuditEvent
from core.files import private_file_response
from core.forms import apply_service_errors
from core.permissions import check

from ..forms import OrganizationProfileForm, ReturnForm, VerifyForm
from ..selectors import membership_of, memberships_for, qualification_counts
from ..services import organization_update
from ..workflow import VERIFICATION
from .common import organization_for, render_invalid

DOCUMENT_FIELDS = {"registration": "registration_certificate", "rating": "rating_certificate"}
# A certificate uploaded to a verified profile, waiting for the officer who reads it before accepting the change.
PENDING_DOCUMENT_FIELDS = {f"pending-{kind}": field for kind, field in DOCUMENT_FIELDS.items()}
PENDING_DOCUMENT_KINDS = {field: kind for kind, field in PENDING_DOCUMENT_FIELDS.items()}

AUDIT_LABELS = {
    "organizations.register": gettext_lazy("注册"),
    "organizations.update": gettext_lazy("修改资料"),
    "organizations.verify": gettext_lazy("审核通过"),
    "organizations.return": gettext_lazy("退回"),
    "organizations.verify_changes": gettext_lazy("通过法定信息变更"),
    "organizations.return_changes": gettext_lazy("退回法定信息变更"),
    "organizations.member_remove": gettext_lazy("移除成员"),
}


def _can(user, action, organization) -> bool:
    return check(user, action, organization).allowed


def detail_context(request, organization) -> dict:
    user = request.user
    can_verify = _can(user, "organizations.verify", organization)
    return {
        "organization": organization,
        "membership": membership_of(user, organization),
        "my_memberships": memberships_for(user),
        "can_edit": _can(user, "organizations.edit_profile", organization),
        "can_manage_members": _can(user, "organizations.manage_members", organization),
        "can_edit_roster": _can(user, "organizations.edit_roster", organization),
        "can_submit_annual": _can(user, "organizations.submit_annual_status", organization),
        "can_confirm_annual": _can(user, "organizations.confirm_annual_status", organization),
        "can_verify": can_verify,
        "can_incubate": _can(user, "organizations.incubate", organization),
        "decision_open": can_verify
        and (
            VERIFICATION.can(organization.verification_status, "verify")
            or (organization.is_verified and organization.has_pending_changes)
        ),
        "verify_form": VerifyForm(),
        "return_form": ReturnForm(),
        "pending_changes": [
            (label, current, proposed, PENDING_DOCUMENT_KINDS.get(document, ""))
            for label, current, proposed, document in organization.pending_changes_display()
        ],
        "qualification_counts": qualification_counts(organization),
        "annual_statuses": organization.annual_statuses.select_related("confirmed_by"),
        "incubations": organization.incubations.select_related("region"),
        "service_regions": organization.service_regions.select_related("parent"),
        "history": [
            (event, AUDIT_LABELS.get(event.action, event.action))
            for event in AuditEvent.objects.for_object(organization).select_related("actor")[:20]
        ]
        if can_verify
        else [],
    }


@login_required
def detail(request, pk: int):
    organization = organization_for(request, pk)
    return render(request, "organizations/detail.html", detail_context(request, organization))


@login_required
def edit(request, pk: int):
    organization = organization_for(request, pk, "organizations.edit_profile")
    template = "organizations/edit.html"
    if request.method == "POST":
        form = OrganizationProfileForm(request.POST, request.FILES, instance=organization)
        if form.is_valid():
            try:
                organization = organization_update(
                    organization=organization, data=form.service_data(), actor=request.user
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if organization.has_pending_changes:
                    messages.warning(
                        request,
                        _("资料已保存。法定信息的变更需要项目官员重新审核，审核通过前仍以原信息为准。"),
                    )
                else:
                    messages.success(request, _("资料已保存。"))
                return redirect("organizations:detail", organization.pk)
        organization.refresh_from_db()
        return render_invalid(request, template, {"form": form, "organization": organization})
    form = OrganizationProfileForm(instance=organization)
    return render(request, template, {"form": form, "organization": organization})


@login_required
def document(request, pk: int, kind: str):
    organization = organization_for(request, pk, "organizations.view_documents")
    if kind in PENDING_DOCUMENT_FIELDS:
        document = organization.pending_document(PENDING_DOCUMENT_FIELDS[kind])
    else:
        document = getattr(organization, DOCUMENT_FIELDS[kind]) if kind in DOCUMENT_FIELDS else None
    if not document:
        raise Http404(_("没有这份文件。"))
    return private_file_response(document)
