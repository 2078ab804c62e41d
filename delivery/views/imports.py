"""Excel imports of a grant: upload, the batch list, a batch's progress (polled with htmx) and result, the error
workbook and the templates. Only the serving organization's members see these pages (they show the files)."""

from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.excel import XLSX_MIME
from core.files import private_file_response
from core.forms import apply_service_errors
from core.permissions import check, require
from grants.models import Grant

from ..excel.templates import build_template, template_filename
from ..models import ImportBatch, ImportKind, ImportStatus
from ..services.imports import import_batch_create, import_batch_start, import_is_large


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("导入类型"), choices=ImportKind.choices)
    file = forms.FileField(label=gettext_lazy("Excel 文件（.xlsx）"))  # checked by delivery.excel.reader


def _grant(user, pk: int) -> Grant:
    grant = get_object_or_404(Grant.objects.select_related("call", "organization", "issuing_region"), pk=pk)
    require(user, "delivery.view_imports", grant)
    return grant


def _limits() -> dict:
    return {
        "max_size": filesizeformat(settings.DELIVERY_IMPORT_MAX_BYTES),
        "max_rows": settings.DELIVERY_IMPORT_MAX_ROWS,
        "sync_rows": settings.DELIVERY_SYNC_IMPORT_MAX_ROWS,
    }


def _list_page(request, grant, form, status=200):
    batches = ImportBatch.objects.filter(grant=grant).select_related("created_by")[:50]
    context = {
        "grant": grant,
        "tab": "imports",
        "form": form,
        "batches": batches,
        "kinds": ImportKind.choices,
        "can_manage": check(request.user, "delivery.manage", grant).allowed,
        **_limits(),
    }
    return render(request, "delivery/imports/import_list.html", context, status=status)


@login_required
def import_list(request, grant_pk: int):
    grant = _grant(request.user, grant_pk)
    if request.method != "POST":
        return _list_page(request, grant, ImportUploadForm())
    require(request.user, "delivery.manage", grant)
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list_page(request, grant, form, status=400)
    try:
        batch = import_batch_create(
            grant=grant, actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return _list_page(request, grant, form, status=400)
    batch = import_batch_start(batch=batch, actor=request.user)
    if batch.status == ImportStatus.SUCCEEDED:
        messages.success(request, batch.message)
    return redirect("delivery_imports:import_detail", grant_pk=grant.pk, pk=batch.pk)


def _batch(request, grant_pk: int, pk: int) -> ImportBatch:
    grant = _grant(request.user, grant_pk)
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), grant=grant, pk=pk)
    batch.grant = grant
    return batch


def _batch_context(request, batch) -> dict:
    return {
        "grant": batch.grant,
        "batch": batch,
        "tab": "imports",
        "large": import_is_large(batch),
        "can_manage": check(request.user, "delivery.manage", batch.grant).allowed,
    }


@login_required
@require_GET
def import_detail(request, grant_pk: int, pk: int):
    batch = _batch(request, grant_pk, pk)
    return render(request, "delivery/imports/import_detail.html", _batch_context(request, batch))


@login_required
@require_GET
def import_progress(request, grant_pk: int, pk: int):
    """The progress partial the detail page polls every second until the batch is finished."""
    batch = _batch(request, grant_pk, pk)
    return render(request, "delivery/imports/_progress.html", _batch_context(request, batch))


@login_required
@require_POST
def import_start(request, grant_pk: int, pk: int):
    """Start a batch that is still queued (its task could not be queued when it was uploaded)."""
    batch = _batch(request, grant_pk, pk)
    if batch.status == ImportStatus.QUEUED:
        import_batch_start(batch=batch, actor=request.user)
    return redirect("delivery_imports:import_detail", grant_pk=grant_pk, pk=pk)


@login_required
@require_GET
def error_download(request, grant_pk: int, pk: int):
    batch = _batch(request, grant_pk, pk)
    if not batch.error_workbook:
        raise Http404(_("该批次没有错误清单。"))
    response = private_file_response(batch.error_workbook, download_name=f"错误清单-{batch.pk}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'错误清单-{batch.pk}.xlsx')}"
    return response


@login_required
@require_GET
def template_download(request, grant_pk: int, kind: str):
    grant = _grant(request.user, grant_pk)
    if kind not in ImportKind.values:
        raise Http404(_("没有这种导入模板。"))
    response = HttpResponse(build_template(grant, kind), content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(template_filename(grant, kind))}"
    return response
