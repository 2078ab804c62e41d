"""Reading an uploaded workbook at scale: python-calamine against openpyxl's read-only mode on a generated
100,000-row service-log sheet (the reader the import uses is chosen by this figure), the cost of the formula scan
and of the checks made before parsing, and the whole ``read_sheet`` path."""

import datetime
import gc
import io
import time
import tracemalloc
import zipfile

import python_calamine
from django.conf import settings
from openpyxl import Workbook, load_workbook

from bench.report import record
from delivery.excel.reader import check_container, formula_cells, read_sheet
from delivery.excel.rows import spec_for

ROWS = 100_000
HEADERS = [
    "服务日期",
    "服务类型",
    "服务形式",
    "服务时长（分钟）",
    "服务人员",
    "志愿者姓名",
    "服务对象（身份证号或档案号）",
    "乡镇街道",
    "服务记录",
]


def _workbook(rows: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("服务记录")
    sheet.append(HEADERS)
    start = datetime.date(2025, 1, 1)
    for i in range(rows):
        sheet.append(
            [
                start + datetime.timedelta(days=i % 300),
                "心理疏导" if i % 2 else "监护指导",
                "个案",
                30 + i % 8 * 15,
                f"社工{i % 40}",
                None,
                f"42010220140517{i % 1000:03d}X",
                "大智街道",
                f"第{i}次入户走访，了解儿童学习与生活情况",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _best(fn, repeat: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000, result


def _peak_kib(fn) -> int:
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak // 1024


def _calamine(data: bytes) -> int:
    workbook = python_calamine.load_workbook(io.BytesIO(data))
    return len(workbook.get_sheet_by_index(0).to_python(skip_empty_area=False))


def _openpyxl(data: bytes) -> int:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return count


def run() -> None:
    data = _workbook(ROWS)
    members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    sheet_xml = max(members, key=lambda m: m.file_size)
    ratio = sheet_xml.file_size / sheet_xml.compress_size
    print(
        f"excel_import: {ROWS:,} rows, file {len(data) / 2**20:.1f} MiB, "
        f"sheet XML {sheet_xml.file_size / 2**20:.1f} MiB (compression {ratio:.0f}x)"
    )
    calamine_ms, rows = _best(lambda: _calamine(data))
    assert rows == ROWS + 1
    openpyxl_ms, rows = _best(lambda: _openpyxl(data), repeat=1)
    assert rows == ROWS + 1
    print(f"  python-calamine, all values:        {calamine_ms:8.0f} ms  ({ROWS / calamine_ms * 1000:,.0f} rows/s)")
    print(
        f"  openpyxl read-only, all values:     {openpyxl_ms:8.0f} ms  ({ROWS / openpyxl_ms * 1000:,.0f} rows/s, "
        f"{openpyxl_ms / calamine_ms:.1f}x slower)"
    )
    checks_ms, archive = _best(lambda: check_container(data))
    scan_ms, found = _best(lambda: formula_cells(archive, sheet_xml.filename))
    assert found == set()
    print(f"  checks before parsing (zip, sizes): {checks_ms:8.1f} ms")
    print(f"  formula scan (byte search, none):   {scan_ms:8.0f} ms")
    spec = spec_for("service_logs")
    previous = settings.DELIVERY_IMPORT_MAX_BYTES
    settings.DELIVERY_IMPORT_MAX_BYTES = max(previous, len(data))
    try:
        read = lambda: read_sheet(data, headers=spec.headers(), required=spec.required(), title="服务记录")  # noqa: E731
        read_ms, sheet = _best(read)
        assert len(sheet.rows) == ROWS
        peak = _peak_kib(read)
    finally:
        settings.DELIVERY_IMPORT_MAX_BYTES = previous
    print(f"  read_sheet (checks + calamine + scan + filter): {read_ms:8.0f} ms, peak {peak / 1024:.0f} MiB")
    record(
        "excel_import",
        f"reader: every value of {ROWS:,} rows (python-calamine)",
        calamine_ms,
        "ms",
        peer=openpyxl_ms,
        target="the fastest reader available (peer: openpyxl read-only)",
        met=calamine_ms < openpyxl_ms,
    )
    record(
        "excel_import",
        f"read_sheet of {ROWS:,} rows (checks, formula scan, blank rows)",
        read_ms,
        "ms",
        floor=calamine_ms,
        target="≤ 2× the bare reader (floor)",
        met=read_ms <= 2 * calamine_ms,
    )
