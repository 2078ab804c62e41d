"""Dashboards, public pages and lists at the generated scale (``scale.generate``): time per page (best, p50, p95),
SQL queries and their time, the slowest query of each page, beside the floor of a hand-written SQL aggregate over
the same rows (what the dashboard's service hours cost without a rollup).

``python -m bench pages`` generates the small size in the throw-away test database (``BENCH_SIZE=medium`` for more);
``python -m bench.pages`` measures the current database as it is (e.g. after ``manage.py generate_scale --size
medium`` on PostgreSQL)."""

import html
import os
import re
import statistics
import time

from bench.report import record

if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.models import User
from delivery.models import ServiceLog
from grants.models import Grant
from programs.models import BrandProgram

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "7"))
# Only the pages whose label contains one of these words (comma-separated), e.g. BENCH_PAGES=dashboard,home,brand page
ONLY = [word for word in os.environ.get("BENCH_PAGES", "").split(",") if word]


def _biggest_grant():
    biggest = (
        ServiceLog.objects.values("grant").annotate(n=Count("pk")).order_by("-n").values_list("grant", flat=True)[:1]
    )
    return Grant.objects.filter(pk__in=list(biggest)).first() or Grant.objects.first()


def _pages() -> list[tuple[str, str, bool]]:
    """(label, url, as the provincial officer?) over the generated data: the biggest grant and brand."""
    grant = _biggest_grant()
    brand = BrandProgram.objects.annotate(n=Count("grants")).order_by("-n").first()
    last = Grant.objects.order_by("-start_date").values_list("start_date", flat=True).first()
    year = last.year - 1 if last else 2024
    pages = [
        ("dashboard (province)", "/dashboard/", True),
        # A period starting and ending inside a month: full months from the rollup, the edge days from the logs.
        ("dashboard (province, dated)", f"/dashboard/?date_from={year}-03-15&date_to={year}-09-20", True),
        ("public home", "/", False),
        ("public funded projects", "/grants/projects/", False),
        ("public funded projects p.50", "/grants/projects/?page=50", False),
        ("public call index", "/programs/calls/", False),
        ("public brand index", "/programs/brands/", False),
        ("public directory", "/organizations/directory/", False),
        ("public evaluation results", "/grants/results/", False),
        ("officer organization queue", "/organizations/officer/?status=", True),
        ("officer applications list", "/programs/work/applications/", True),
        ("officer grants list", "/grants/", True),
        ("officer milestone queue", "/grants/milestones/", True),
    ]
    if brand:
        pages.insert(6, ("public brand page (biggest)", f"/programs/brands/{brand.slug}/", False))
    if grant:
        pages += [
            ("public project page (biggest)", f"/grants/projects/{grant.pk}/", False),
            ("grant delivery overview", f"/delivery/grants/{grant.pk}/", True),
            ("grant children list", f"/delivery/grants/{grant.pk}/children/", True),
            ("grant service logs", f"/delivery/grants/{grant.pk}/logs/", True),
            ("grant service logs p.100", f"/delivery/grants/{grant.pk}/logs/?page=100", True),
        ]
    return pages


# Lists whose first page is measured against their deepest (page 10,000, or the last when there are fewer pages); a
# grant's logs and the audit search reach page 10,000 after ``python -m bench.deep``.
DEEP_LISTS = [
    ("public funded projects", "/grants/projects/", False),
    ("officer applications list", "/programs/work/applications/", True),
    ("officer grants list", "/grants/", True),
    ("officer milestone queue", "/grants/milestones/?queue=review", True),
    ("officer payments", "/grants/payments/", True),
    ("officer audit search", "/portal/audit/", True),
]
DEEPEST = 10_000
_PAGE_NUMBER = re.compile(r"第 ([\d,]+) (?:/|页)")
_NEXT_LINK = re.compile(r'<a href="([^"]+)" rel="next">')


def _deep_pages(officer_client: Client, public_client: Client, grant) -> list[tuple[str, str, bool]]:
    """(label, url, as the officer?) of page 1, the deepest page and, where the list has them, the deepest page reached
    through its "next" link (a keyset cursor)."""
    lists = list(DEEP_LISTS)
    if grant:
        lists += [
            ("grant children list", f"/delivery/grants/{grant.pk}/children/", True),
            ("grant service logs", f"/delivery/grants/{grant.pk}/logs/", True),
        ]
    pages = []
    for label, url, as_officer in lists:
        client = officer_client if as_officer else public_client
        join = "&" if "?" in url else "?"
        # Past the end shows the last page (Django's get_page and ours): read its number from the page.
        shown = _PAGE_NUMBER.search(client.get(f"{url}{join}page=999999999").content.decode())
        deepest = min(DEEPEST, int(shown.group(1).replace(",", ""))) if shown else 1
        pages.append((f"{label} p.1", url, as_officer))
        if deepest > 1:
            pages.append((f"{label} p.{deepest:,}", f"{url}{join}page={deepest}", as_officer))
            before = client.get(f"{url}{join}page={deepest - 1}").content.decode()
            link = _NEXT_LINK.search(before)
            if link and "after=" in link.group(1):
                pages.append(
                    (
                        f"{label} p.{deepest:,} by next link",
                        url.split("?")[0] + html.unescape(link.group(1)),
                        as_officer,
                    )
                )
    return pages


def _get(client: Client, url: str) -> int:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def measure(client: Client, url: str, repeat: int = REQUESTS) -> dict | None:
    if _get(client, url) != 200:  # warm-up; a page missing here (no Wagtail home) is skipped
        return None
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    captured = [(float(q["time"]) * 1000, q["sql"]) for q in queries.captured_queries]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        _get(client, url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    slowest = max(captured, default=(0.0, ""))
    return {
        "best": times[0],
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "queries": len(captured),
        "sql_ms": sum(ms for ms, _sql in captured),
        "slowest_ms": slowest[0],
        "slowest_sql": slowest[1],
    }


def _floor_ms(repeat: int = 3) -> float:
    """The hand-written aggregate behind the dashboard's hours table, for the whole province."""
    sql = (
        "SELECT service_type_id, form, COUNT(*), SUM(minutes), SUM(CASE WHEN staff_member_id IS NULL THEN minutes END)"
        f" FROM {ServiceLog._meta.db_table} GROUP BY service_type_id, form"
    )
    best = float("inf")
    with connection.cursor() as cursor:
        for _ in range(repeat):
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            best = min(best, (time.perf_counter() - started) * 1000)
    return best


def measure_all(verbose_sql: bool = False) -> dict:
    officer = User.objects.get(username="scale_officer")
    officer_client, public_client = Client(), Client()
    officer_client.force_login(officer)
    logs = ServiceLog.objects.count()
    print(
        f"pages on {connection.vendor}: {Grant.objects.count():,} grants, {logs:,} service logs; "
        f"best / p50 / p95 of {REQUESTS} requests (ms), queries and their time in one request, its slowest query"
    )
    floor = _floor_ms()
    print(f"  floor: hand-written SQL aggregate of all service logs by type and form: {floor:8.1f} ms")
    print(f"  {'page':32} {'best':>8} {'p50':>8} {'p95':>8} {'x floor':>8} {'queries':>8} {'SQL ms':>8} {'slowest':>8}")
    results = {}
    pages = _pages() + _deep_pages(officer_client, public_client, _biggest_grant())
    for label, url, as_officer in pages:
        if ONLY and not any(word in label for word in ONLY):
            continue
        result = measure(officer_client if as_officer else public_client, url)
        if result is None:
            print(f"  {label:32} (not available here)")
            continue
        results[label] = result
        record(
            "pages",
            f"{label}, p95 of {REQUESTS} requests",
            result["p95"],
            "ms",
            floor=floor,
            target="p95 < 100 ms",
            met=result["p95"] < 100,
        )
        print(
            f"  {label:32} {result['best']:8.1f} {result['p50']:8.1f} {result['p95']:8.1f} "
            f"{result['p50'] / floor:8.2f} {result['queries']:8} {result['sql_ms']:8.1f} {result['slowest_ms']:8.1f}"
        )
        if verbose_sql and result["slowest_ms"] > 20:
            print(f"      slowest: {result['slowest_sql'][:600]}")
    return {"floor_ms": floor, "pages": results}


def run() -> None:
    from scale.generator import generate

    size = os.environ.get("BENCH_SIZE", "small")
    timer = generate(size)
    rows, seconds = timer.tables["total"]
    print(f"pages: generated {size} ({rows:,} rows in {seconds:.1f} s)")
    measure_all()


if __name__ == "__main__":
    measure_all(verbose_sql=True)
