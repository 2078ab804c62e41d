"""The audit log for the people allowed to read it: an officer sees the events of their region's subtree, a
platform administrator every event. Search by actor, action, object type and date range; export to xlsx."""

import json

import django_filters
from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import audit_log
from .excel import Column, workbook_response
from .filters import FilterSet, filter_status
from .models import AuditEvent
from .pagination import paginate
from .permissions import require

PAGE_SIZE = 50
# The object types an audit search offers: the platform's own apps (not Django's or Wagtail's internals).
AUDITED_APPS = ("core", "organizations", "programs", "grants", "delivery", "referrals", "cms")


def audit_events_for(user):
    """The audit events ``user`` may read (none for anyone without ``core.view_audit``)."""
    events = AuditEvent.objects.select_related("actor", "target_type", "region").order_by("-id")
    if user.is_platform_admin:
        return events
    region = user.officer_region
    if region is None:
        return events.none()
    return events.filter(region__path__startswith=region.path)


class AuditEventFilter(FilterSet):
    actor = django_filters.CharFilter(label=gettext_lazy("操作人"), method="filter_actor")
    action = django_filters.CharFilter(label=gettext_lazy("操作"), field_name="action", lookup_expr="icontains")
    target_type = django_filters.ModelChoiceFilter(
        label=gettext_lazy("对象类型"),
        queryset=ContentType.objects.filter(app_label__in=AUDITED_APPS).order_by("app_label", "model"),
    )
    date_from = django_filters.DateFilter(
        label=gettext_lazy("日期从"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=gettext_lazy("日期至"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["target_type"].field.label_from_instance = lambda ct: f"{ct.name}（{ct.app_label}）"

    def filter_actor(self, queryset, name, value):
        return queryset.filter(
            Q(actor__username__icontains=value) | Q(actor__name__icontains=value) | Q(actor__email__iexact=value)
        )


def _columns() -> list[Column]:
    return [
        Column(_("编号"), lambda e: e.pk, width=10),
        Column(_("时间"), lambda e: e.created_at, number_format="yyyy-mm-dd hh:mm:ss", width=20),
        Column(_("操作人"), lambda e: e.actor.username if e.actor_id else "", width=18),
        Column(_("操作"), lambda e: e.action, width=32),
        Column(_("对象类型"), lambda e: f"{e.target_type.app_label}.{e.target_type.model}" if e.target_type_id else ""),
        Column(_("对象编号"), lambda e: e.target_id, width=10),
        Column(_("对象"), lambda e: e.target_repr, width=30),
        Column(_("所属区划"), lambda e: e.region.name if e.region_id else "", width=14),
        Column(_("IP 地址"), lambda e: e.ip_address or "", width=16),
        Column(_("详情"), lambda e: json.dumps(e.details, ensure_ascii=False, sort_keys=True), width=60),
        Column(_("哈希"), lambda e: e.hash, width=20),
    ]


@login_required
def audit_list(request):
    require(request.user, "core.view_audit")
    filterset = AuditEventFilter(request.GET or None, queryset=audit_events_for(request.user))
    events = filterset.qs if filterset.is_bound else filterset.queryset
    if request.GET.get("format") == "xlsx":
        return _export(request, filterset, events)
    page = paginate(request, events, PAGE_SIZE)
    context = {"filter": filterset, "page": page, "export_query": _export_query(request)}
    return render(request, "core/audit_list.html", context, status=filter_status(filterset))


def _export_query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "xlsx"
    return query.urlencode()


def _export(request, filterset, events):
    if filterset.is_bound and not filterset.is_valid():
        # An invalid filter would export more than was asked for: show the errors instead.
        page = Paginator(events.none(), PAGE_SIZE).get_page(1)
        return render(request, "core/audit_list.html", {"filter": filterset, "page": page}, status=400)
    with transaction.atomic():
        audit_log(
            actor=request.user,
            action="core.audit_export",
            details={"filters": {k: v for k, v in request.GET.items() if k not in {"format", "page"}}},
        )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return workbook_response(
        filename=f"审计记录-{stamp}.xlsx",
        sheet_title=_("审计记录"),
        columns=_columns(),
        rows=events.iterator(chunk_size=2000),
    )
