"""A guardian's request (PIPL art. 45–47), handled by a program officer of the child's region: find the child by ID
number (POST only), export everything held about the child as JSON, correct it, or delete it (anonymise)."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core.forms import apply_service_errors
from core.permissions import require

from ..forms import GuardianCorrectForm, GuardianFindForm
from ..models import Beneficiary, Enrolment
from ..services.guardian import (
    guardian_correct,
    guardian_delete,
    guardian_export,
    guardian_export_json,
    guardian_find,
)

# The children this session found through the lookup. The record, export, correction and deletion pages open only
# for them: the lookup is the audited act of a guardian's request, so an officer cannot read files (names included)
# by walking /delivery/guardian/<pk>/ without a trace; the ordinary file asks for a reason instead.
SESSION_KEY = "delivery_guardian_children"
SESSION_LIMIT = 20


def _remember(request, child) -> None:
    found = [pk for pk in request.session.get(SESSION_KEY, []) if pk != child.pk]
    request.session[SESSION_KEY] = [*found, child.pk][-SESSION_LIMIT:]


def _looked_up(request, child) -> bool:
    return child.pk in request.session.get(SESSION_KEY, [])


def _find_first(request):
    messages.error(request, _("请先按监护人提供的身份证号码或档案号查找该儿童（查找将记入审计日志）。"))
    return redirect("delivery:guardian_find")


def _officer_only(user) -> None:
    if not (user.is_authenticated and user.officer_region is not None):
        raise Http404


@login_required
@sensitive_post_parameters("id_number")
def guardian_find_view(request):
    _officer_only(request.user)
    form = GuardianFindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = guardian_find(
                actor=request.user, id_number=form.cleaned_data["id_number"], code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            _remember(request, child)
            return redirect("delivery:guardian_child", pk=child.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "delivery/guardian_find.html", {"form": form}, status=status)


def _child(request, pk: int) -> Beneficiary:
    child = get_object_or_404(Beneficiary.objects.select_related("county"), pk=pk)
    require(request.user, "delivery.guardian_request", child)
    return child


def _enrolments(child):
    return Enrolment.objects.filter(beneficiary=child).select_related("organization", "grant").order_by("pk")


@login_required
def guardian_child(request, pk: int):
    child = _child(request, pk)
    if not _looked_up(request, child):
        return _find_first(request)
    enrolments = list(_enrolments(child))
    initial = {
        "categories": list(child.categories.all()),
        **{f: getattr(child, f) for f in ("gender", "birth_year", "birth_month", "township")},
        "county": child.county_id,
        "guardian_type": child.guardian_type,
        "school_stage": child.school_stage,
    }
    form = GuardianCorrectForm(request.POST or None, initial=initial, enrolments=enrolments)
    if child.has_id:
        for field in ("gender", "birth_year", "birth_month"):
            form.fields[field].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            guardian_correct(beneficiary=child, actor=request.user, **form.record())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("已按监护人的请求更正档案 %(code)s。") % {"code": child.code})
            return redirect("delivery:guardian_child", pk=child.pk)
    status = 400 if request.method == "POST" else 200
    context = {"child": child, "enrolments": enrolments, "form": form}
    response = render(request, "delivery/guardian_child.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def guardian_export_view(request, pk: int):
    child = _child(request, pk)
    if not _looked_up(request, child):
        return _find_first(request)
    content = guardian_export_json(guardian_export(beneficiary=child, actor=request.user))
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = _("儿童档案-%(code)s.json") % {"code": child.code}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def guardian_delete_view(request, pk: int):
    child = _child(request, pk)
    if not _looked_up(request, child):
        return _find_first(request)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("请勾选确认后再删除。"))
        return redirect("delivery:guardian_child", pk=child.pk)
    guardian_delete(beneficiary=child, actor=request.user)
    messages.success(
        request, _("已删除档案 %(code)s 中的个人信息；服务次数等统计数字以匿名形式保留。") % {"code": child.code}
    )
    return redirect("delivery:guardian_child", pk=child.pk)
