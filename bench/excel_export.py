"""Writing a large export: ``core.excel`` (our path: columns declared once, every value neutralised, streamed by
``core.xlsx``) against its floors, the same tuples written by openpyxl's write-only mode and by XlsxWriter's
constant-memory mode, in the same run. Rows/second and the peak Python memory (tracemalloc) at two sizes, as ratios:
the target is at least 0.8x the faster floor's rows/second, with flat memory.

Then the whole officer download of a grant's service logs through the Django test client (``?format=xlsx``: the
query, the ORM, the columns, the stream), against our writer alone on the same rows, with its query count.

``BENCH_EXPORT_ROWS=1000000 python -m bench excel_export`` runs the issue's million rows (a sheet holds at most
1,048,576 rows, so our path writes two sheets there); the default is 100,000 against 10,000.
"""

import datetime
import gc
import os
import tempfile
import time
import tracemalloc
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from bench.report import record
from core.excel import Column, workbook_chunks

try:  # a dev dependency; without it the floor is openpyxl alone
    import xlsxwriter
except ImportError:  # pragma: no cover
    xlsxwriter = None

LARGE = int(os.environ.get("BENCH_EXPORT_ROWS", "100000"))
SMALL = max(LARGE // 10, 1000)
DB_ROWS = int(os.environ.get("BENCH_EXPORT_DB_ROWS", "20000"))
START = datetime.date(2025, 1, 1)
# Naive on purpose: neither floor writes an aware datetime (a spreadsheet has no time zones).
SIGNED = datetime.datetime(2025, 3, 1, 9, 30)  # noqa: DTZ001

# A service log as the export shows it: date, type, form, minutes, staff, head count, township, village, notes,
# recorded at, and an amount (money is Decimal everywhere).
HEADERS = ["日期", "服务类型", "形式", "分钟", "服务人员", "人数", "乡镇街道", "村（社区）", "记录", "登记时间", "金额"]


def _rows(n: int):
    for i in range(n):
        yield (
            START + datetime.timedelta(days=i % 300),
            "心理疏导" if i % 2 else "监护指导",
            "个案" if i % 3 else "小组",
            30 + i % 8 * 15,
            f"社工{i % 40}",
            1 + i % 12,
            "大智街道",
            f"第{i % 90}社区",
            # One note in fifty starts with "=": the export must neutralise it; the floors write it as they find it.
            f"=第{i}次入户走访" if i % 50 == 0 else f"第{i}次入户走访，了解儿童学习与生活情况",
            SIGNED + datetime.timedelta(minutes=i),
            Decimal(300 + i % 7 * 50) / 4,
        )


COLUMNS = [
    Column(HEADERS[0], lambda r: r[0], number_format="yyyy-mm-dd", width=12),
    Column(HEADERS[1], lambda r: r[1]),
    Column(HEADERS[2], lambda r: r[2], width=8),
    Column(HEADERS[3], lambda r: r[3], width=8),
    Column(HEADERS[4], lambda r: r[4]),
    Column(HEADERS[5], lambda r: r[5], width=8),
    Column(HEADERS[6], lambda r: r[6]),
    Column(HEADERS[7], lambda r: r[7]),
    Column(HEADERS[8], lambda r: r[8], width=40),
    Column(HEADERS[9], lambda r: r[9], number_format="yyyy-mm-dd hh:mm", width=18),
    Column(HEADERS[10], lambda r: r[10], number_format="#,##0.00"),
]


def ours(n: int) -> int:
    """Our path, every byte consumed as a response would be (and dropped, as a socket would send it)."""
    size = 0
    for chunk in workbook_chunks(sheet_title="服务记录", columns=COLUMNS, rows=_rows(n)):
        size += len(chunk)
    return size


def openpyxl_floor(n: int) -> int:
    with tempfile.TemporaryFile() as target:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("服务记录")
        sheet.append(HEADERS)
        for row in _rows(n):
            sheet.append(row)
        workbook.save(target)
        return target.tell()


def xlsxwriter_floor(n: int) -> int:
    with tempfile.TemporaryFile() as target:
        workbook = xlsxwriter.Workbook(
            target, {"constant_memory": True, "default_date_format": "yyyy-mm-dd", "strings_to_formulas": False}
        )
        sheet = workbook.add_worksheet("服务记录")
        sheet.write_row(0, 0, HEADERS)
        for number, row in enumerate(_rows(n), start=1):
            sheet.write_row(number, 0, row)
        workbook.close()
        return target.tell()


def _seconds(fn, n: int) -> float:
    gc.collect()
    start = time.perf_counter()
    fn(n)
    return time.perf_counter() - start


def _peak_kib(fn, n: int) -> int:
    gc.collect()
    tracemalloc.start()
    fn(n)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak // 1024


WRITERS = [
    ("core.excel (ours)", ours),
    ("openpyxl write-only", openpyxl_floor),
    *([("XlsxWriter constant", xlsxwriter_floor)] if xlsxwriter else []),
]
FLOORS = [label for label, _fn in WRITERS[1:]]


def _writers() -> dict:
    results = {}
    print(f"excel_export: {LARGE:,} service-log rows x {len(HEADERS)} columns (memory also at {SMALL:,})")
    for label, fn in WRITERS:
        seconds = _seconds(fn, LARGE)
        peaks = (_peak_kib(fn, SMALL), _peak_kib(fn, LARGE))
        results[label] = (LARGE / seconds, peaks)
    floor_label = max(FLOORS, key=lambda label: results[label][0])
    floor_rate = results[floor_label][0]
    for label, (rate, (small_peak, large_peak)) in results.items():
        print(
            f"  {label:22} {rate:9,.0f} rows/s  {rate / floor_rate:5.2f}x the faster floor   "
            f"peak {small_peak:7,} → {large_peak:7,} KiB "
            f"({large_peak / max(small_peak, 1):.2f}x for {LARGE // SMALL}x rows)"
        )
    rate, (small_peak, large_peak) = results["core.excel (ours)"]
    met = rate >= 0.8 * floor_rate
    flat = large_peak <= 1.2 * small_peak
    record(
        "excel_export",
        f"export of {LARGE:,} service-log rows (core.excel)",
        rate,
        "rows/s",
        floor=floor_rate,
        target=f"≥ 0.8× the faster floor ({floor_label})",
        met=met,
    )
    record(
        "excel_export",
        f"export peak memory, {SMALL:,} → {LARGE:,} rows",
        large_peak / max(small_peak, 1),
        "×",
        target="≤ 1.2× (flat)",
        met=flat,
    )
    print(
        f"  target ≥0.8x {floor_label}: {'met' if met else 'NOT met'} ({rate / floor_rate:.2f}x); "
        f"memory flat (≤1.2x): {'met' if flat else 'NOT met'} ({large_peak / max(small_peak, 1):.2f}x)"
    )
    return results


def _service_logs(n: int):
    """A grant with ``n`` service logs (bulk-created), visible to a provincial officer."""
    from core.models import OfficerScope, Region, RegionLevel, ServiceType, User
    from delivery.models import ServiceForm, ServiceLog
    from organizations.models import StaffMember
    from tests.factories import OrganizationFactory
    from tests.factories.grants import approved_application, make_grant

    officer = User.objects.create(username="bench_export_officer", name="省级官员")
    OfficerScope.objects.create(user=officer, region=Region.objects.get(level=RegionLevel.PROVINCE))
    organization = OrganizationFactory(region_code="420102")
    grant = make_grant(officer=officer, application=approved_application(organization=organization))
    staff = StaffMember.objects.create(
        organization=organization, name="社工甲", qualification="social_worker", started_on=START
    )
    service_type = ServiceType.objects.first()
    logs = [
        ServiceLog(
            grant=grant,
            date=START + datetime.timedelta(days=i % 300),
            service_type=service_type,
            form=ServiceForm.CASE,
            minutes=30 + i % 8 * 15,
            staff_member=staff,
            head_count=1,
            township="大智街道",
            notes=f"第{i}次入户走访",
            created_by=officer,
        )
        for i in range(n)
    ]
    ServiceLog.objects.bulk_create(logs, batch_size=2000)
    return officer, grant


def _download(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return sum(len(chunk) for chunk in response.streaming_content)


def _through_django(results: dict) -> None:
    with transaction.atomic():
        officer, grant = _service_logs(DB_ROWS)
        client = Client()
        client.force_login(officer)
        url = f"/delivery/grants/{grant.pk}/logs/?format=xlsx"
        _download(client, url)  # warm-up
        gc.collect()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            _download(client, url)
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    rate = DB_ROWS / seconds
    writer_rate = results["core.excel (ours)"][0]
    record(
        "excel_export",
        f"officer download of {DB_ROWS:,} service logs (query, ORM, stream)",
        rate,
        "rows/s",
        floor=writer_rate,
        target="—",
    )
    print(
        f"  officer download of {DB_ROWS:,} service logs (query, ORM, columns, stream): {rate:,.0f} rows/s, "
        f"{rate / writer_rate:.2f}x the writer alone, {len(queries)} queries"
    )


def run() -> None:
    results = _writers()
    _through_django(results)
