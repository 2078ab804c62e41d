"""The Excel import of a service-log workbook, validated and committed (``import_batch_run``), beside its floor and
a peer, on the same rows in the same run:

- floor: the fastest reader (python-calamine) plus a ``COPY`` of the same rows (``bulk_create`` on SQLite), with
  only the lookups a write needs (type and staff by name, child by file number);
- peer: django-import-export (a dev dependency of this benchmark only) importing the same workbook into the same
  model (``tablib`` reads the .xlsx, a ``ModelResource`` saves row by row in one transaction).

Sizes: ``BENCH_IMPORT_ROWS`` (default ``1000,5000``), the peer only up to ``BENCH_IMPORT_PEER_MAX`` rows (default
1,000: it saves ~60 rows/s); docs/benchmarks.md has ``10000,100000`` with the peer at 10,000. Peak Python memory of
our import (tracemalloc, a separate run) at each size: it should stay flat. Every run is rolled back. The rows come
from the generated province (``scale``): its busiest grant, staff and children."""

import datetime
import gc
import io
import os
import time
import tracemalloc

import python_calamine
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from openpyxl import Workbook

from bench.report import record
from core.models import ServiceType
from delivery.models import Beneficiary, ImportBatch, ImportKind, ImportStatus, ServiceLog
from delivery.services.imports import import_batch_run
from grants.models import Grant
from grants.models.grants import ACTIVE_STATUSES
from organizations.models import MemberRole, Membership
from scale.rows import copy_rows

HEADERS = ["服务日期", "服务类型", "服务形式", "服务时长（分钟）", "服务人员", "志愿者姓名"]
HEADERS += ["服务对象（身份证号或档案号）", "乡镇街道", "服务记录"]
# The peer saves row by row (~60 rows/s here): 100,000 rows would take half an hour.
PEER_MAX_ROWS = int(os.environ.get("BENCH_IMPORT_PEER_MAX", "1000"))
FORMS = [("个案", "case"), ("家访", "home_visit"), ("电话访问", "phone")]


class _Fixture:
    def __init__(self):
        if not Grant.objects.exists():
            from scale.generator import generate

            generate("small")
        grant_id = (
            Grant.objects.filter(status__in=ACTIVE_STATUSES)  # a completed grant's service data are closed
            .annotate(n=Count("enrolments"))
            .order_by("-n")
            .values_list("pk", flat=True)
            .first()
        )
        self.grant = Grant.objects.select_related("organization", "call").get(pk=grant_id)
        self.types = {t.name: t.pk for t in self.grant.call.service_types.all()}
        self.staff = dict(self.grant.organization.staff_members.filter(left_on__isnull=True).values_list("name", "pk"))
        self.children = list(Beneficiary.objects.served_under(self.grant).values_list("pk", flat=True)[:500])
        member = Membership.objects.filter(organization=self.grant.organization, role=MemberRole.ADMIN).first()
        if member is None:
            from core.models import User

            user, _ = User.objects.get_or_create(username="bench_import_admin", defaults={"name": "导入管理员"})
            member = Membership.objects.create(user=user, organization=self.grant.organization, role=MemberRole.ADMIN)
        self.user = member.user
        last = min(self.grant.end_date, timezone.localdate())
        self.days = max(1, (last - self.grant.start_date).days + 1)

    def rows(self, n: int) -> list[list]:
        types, staff = list(self.types), list(self.staff)
        return [
            [
                self.grant.start_date + datetime.timedelta(days=i % self.days),
                types[i % len(types)],
                FORMS[i % 3][0],
                30 + i % 8 * 15,
                staff[i % len(staff)],
                None,
                f"C{self.children[i % len(self.children)]:07d}",
                "大智街道",
                f"第{i}次服务：了解儿童学习与生活情况",
            ]
            for i in range(n)
        ]


def _workbook(rows: list[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("服务记录")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ours(fx: _Fixture, data: bytes, n: int) -> None:
    batch = ImportBatch(
        grant=fx.grant, kind=ImportKind.SERVICE_LOGS, original_name="bench.xlsx", file_sha256="bench", rows_total=n
    )
    batch.created_by = fx.user
    batch.file.save("upload.xlsx", ContentFile(data), save=False)
    batch.save()
    batch = import_batch_run(batch=batch)
    assert batch.status == ImportStatus.SUCCEEDED and batch.rows_imported == n, batch.message


def _floor(fx: _Fixture, data: bytes, n: int) -> None:
    sheet = python_calamine.load_workbook(io.BytesIO(data)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    forms = dict(FORMS)
    grant_id, user_id = fx.grant.pk, fx.user.pk
    rows = (
        (grant_id, r[0], fx.types[r[1]], forms[r[2]], int(r[3]), fx.staff[r[4]], int(r[6][1:]), r[7], r[8], user_id)
        for r in sheet[1:]
    )
    fields = ["grant_id", "date", "service_type_id", "form", "minutes", "staff_member_id", "beneficiary_id"]
    written = copy_rows(ServiceLog, [*fields, "township", "notes", "created_by_id"], rows)
    assert written == n


def _peer(fx: _Fixture, data: bytes, n: int) -> None:
    import tablib
    from import_export import fields, resources, widgets

    class ChildWidget(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return Beneficiary(pk=int(str(value)[1:]))

    class FormWidget(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return dict(FORMS)[value]

    staff = fx.grant.organization.staff_members.all()

    class ServiceLogResource(resources.ModelResource):
        date = fields.Field("date", "服务日期", widgets.DateWidget())
        service_type = fields.Field("service_type", "服务类型", widgets.ForeignKeyWidget(ServiceType, "name"))
        form = fields.Field("form", "服务形式", FormWidget())
        minutes = fields.Field("minutes", "服务时长（分钟）", widgets.IntegerWidget())
        staff_member = fields.Field("staff_member", "服务人员", widgets.ForeignKeyWidget(staff.model, "name"))
        beneficiary = fields.Field("beneficiary", "服务对象（身份证号或档案号）", ChildWidget())
        township = fields.Field("township", "乡镇街道")
        notes = fields.Field("notes", "服务记录")

        class Meta:
            model = ServiceLog
            fields = ("date", "service_type", "form", "minutes", "staff_member", "beneficiary", "township", "notes")
            import_id_fields = ()
            use_transactions = True

        def before_save_instance(self, instance, row, **kwargs):
            instance.grant = fx.grant
            instance.created_by = fx.user

    # The staff widget must look names up within the grant's organization (names repeat across organizations).
    ServiceLogResource.fields["staff_member"].widget.get_queryset = lambda value, row, *a, **k: staff
    dataset = tablib.Dataset().load(io.BytesIO(data), format="xlsx")
    result = ServiceLogResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert result.totals["new"] == n, result.totals


def _timed(fn) -> float:
    gc.collect()
    with transaction.atomic():
        started = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def _peak_mib(fn) -> float:
    gc.collect()
    with transaction.atomic():
        tracemalloc.start()
        fn()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        transaction.set_rollback(True)
    return peak / 2**20


def run() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_IMPORT_ROWS", "1000,5000").split(",")]
    fx = _Fixture()
    previous = settings.DELIVERY_IMPORT_MAX_BYTES
    print(
        f"service_log_import: grant {fx.grant.contract_number} ({len(fx.children)} children, {len(fx.staff)} staff); "
        "seconds and rows/s, ratio to the floor; peak Python memory of our import"
    )
    peaks = []
    for n in sizes:
        data = _workbook(fx.rows(n))
        settings.DELIVERY_IMPORT_MAX_BYTES = max(previous, len(data) + 1)
        try:
            floor = _timed(lambda: _floor(fx, data, n))  # noqa: B023
            ours = _timed(lambda: _ours(fx, data, n))  # noqa: B023
            peer = _timed(lambda: _peer(fx, data, n)) if n <= PEER_MAX_ROWS else None  # noqa: B023
            peak = _peak_mib(lambda: _ours(fx, data, n))  # noqa: B023
        finally:
            settings.DELIVERY_IMPORT_MAX_BYTES = previous
        peaks.append(peak)
        print(f"  {n:,} rows, file {len(data) / 2**20:.1f} MiB")
        print(f"    floor (calamine + COPY):    {floor:7.1f} s {n / floor:9,.0f} rows/s")
        print(f"    ours (validated, committed): {ours:6.1f} s {n / ours:9,.0f} rows/s  {ours / floor:5.2f}x the floor")
        if peer is None:
            print(f"    peer (django-import-export): skipped above {PEER_MAX_ROWS:,} rows (BENCH_IMPORT_PEER_MAX)")
        else:
            print(
                f"    peer (django-import-export): {peer:6.1f} s {n / peer:9,.0f} rows/s  "
                f"ours is {peer / ours:5.1f}x faster (target >= 10x)"
            )
        print(f"    peak memory of ours:         {peak:6.0f} MiB")
        record(
            "service_log_import",
            f"import of {n:,} service-log rows (validated, committed)",
            ours,
            "s",
            floor=floor,
            peer=peer,
            target="≤ 2× floor (calamine + COPY)",
            met=ours <= 2 * floor,
        )
        record(
            "service_log_import",
            f"import of {n:,} rows against django-import-export",
            ours,
            "s",
            peer=peer,
            target="≥ 10× faster than the peer",
            met=None if peer is None else peer >= 10 * ours,
        )
    if len(peaks) > 1:
        growth = peaks[-1] / peaks[0]
        print(f"  memory {sizes[0]:,} -> {sizes[-1]:,} rows: {growth:.2f}x (target: within 1.2x)")
        record(
            "service_log_import",
            f"import peak Python memory, {sizes[0]:,} → {sizes[-1]:,} rows ({peaks[0]:.1f} → {peaks[-1]:.1f} MiB)",
            growth,
            "×",
            target="≤ 1.2× (flat)",
            met=growth <= 1.2,
        )
