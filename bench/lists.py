"""Lists and exports that grow with the province's data, rendered through the Django test client.

Data is bulk-created in two stages: a small province (the baseline, ~50 rows per list) and the full one (2,000
organizations across the 17 市州, 5,000 applications over 40 calls, 1,500 grants with milestones, payments and
evaluations). For each page: median time over N requests, SQL queries per request, peak Python memory of one request
(tracemalloc), at both sizes, and the ratio. A page whose query count grows with the data, or whose time grows
faster than the rows it has to look at, is flagged. Exports: time, peak memory and rows/second at both sizes.
"""

import datetime
import gc
import random
import statistics
import time
import tracemalloc
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.report import record
from core.models import ChildCategory, OfficerScope, Region, RegionLevel, ServiceType, User
from core.validators import credit_code_check_char
from grants.models import Evaluation, Grant, GrantStatus, Milestone, MilestoneStatus, Payment
from organizations.models import (
    Organization,
    OrganizationType,
    Qualification,
    Rating,
    StaffMember,
    VerificationStatus,
)
from programs.models import (
    Application,
    ApplicationStatus,
    BudgetLine,
    Call,
    CallStatus,
    FundingSource,
    ReviewAssignment,
    RubricCriterion,
    TrancheTemplate,
)

SMALL = {"organizations": 50, "calls": 20, "applications": 125, "grants": 50}
FULL = {"organizations": 2000, "calls": 40, "applications": 5000, "grants": 1500}
# Share of applications in each state (drafts are invisible to officers); approvals must cover the grants.
# One cycle of 20 applications: 40% approved, 15% rejected, 15% under review, 10% submitted, 10% returned, 10% drafts.
APPLICATION_CYCLE = (
    [ApplicationStatus.APPROVED] * 8
    + [ApplicationStatus.REJECTED] * 3
    + [ApplicationStatus.UNDER_REVIEW] * 3
    + [ApplicationStatus.SUBMITTED] * 2
    + [ApplicationStatus.RETURNED] * 2
    + [ApplicationStatus.DRAFT] * 2
)
REQUESTS = 9
BATCH = 1000

PAGES = [
    # (label, url, logged in as the provincial officer?)
    ("officer organization queue", "/organizations/officer/?status=", True),
    ("officer applications list", "/programs/work/applications/", True),
    ("officer grants list", "/grants/", True),
    ("public funded projects", "/grants/projects/", False),
    ("public call index", "/programs/calls/", False),
    ("public directory", "/organizations/directory/", False),
]


class _World:
    """What the generator needs between stages: fixed people, vocabularies, regions and running counters."""

    def __init__(self):
        self.rng = random.Random(2026)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.province = Region.objects.get(level=RegionLevel.PROVINCE)
        self.prefectures = list(Region.objects.prefecture_units().order_by("code"))
        counties = list(Region.objects.counties())
        self.counties_in = {
            p.prefecture_code: [c for c in counties if c.prefecture_code == p.prefecture_code] or [p]
            for p in self.prefectures
        }
        self.child_categories = list(ChildCategory.objects.all())
        self.service_types = list(ServiceType.objects.all())
        self.officer = User.objects.create(username="bench_officer", name="省级官员")
        OfficerScope.objects.create(user=self.officer, region=self.province)
        self.reviewers = User.objects.bulk_create(
            [User(username=f"bench_reviewer{i}", name=f"评审专家{i}", is_reviewer=True) for i in range(20)]
        )
        self.evaluator = User.objects.create(username="bench_evaluator", name="评估人员", is_evaluator=True)
        self.counts = dict.fromkeys(FULL, 0)

    def county(self, prefecture):
        return self.rng.choice(self.counties_in[prefecture.prefecture_code])


def _credit_code(serial: int, region_code: str) -> str:
    first17 = f"52{region_code}MJ{serial:07d}"
    return first17 + credit_code_check_char(first17)


def _add_organizations(w: _World, n: int) -> None:
    rng, start = w.rng, w.counts["organizations"]
    statuses = [VerificationStatus.VERIFIED] * 7 + [VerificationStatus.PENDING] * 2 + [VerificationStatus.RETURNED]
    orgs, regions_of = [], []
    for i in range(start, start + n):
        prefecture = w.prefectures[i % len(w.prefectures)]
        county = w.county(prefecture)
        status = rng.choice(statuses)
        orgs.append(
            Organization(
                name=f"{county.name}儿童社会工作服务中心{i}",
                credit_code=_credit_code(i, county.code[:6]),
                org_type=rng.choice(OrganizationType.values),
                registration_region=county,
                registered_on=datetime.date(2010 + i % 14, 1 + i % 12, 1 + i % 28),
                legal_representative=f"法人{i}",
                address=f"{county.name}某路{i}号",
                contact_phone="027-88880000",
                contact_email=f"org{i}@example.com",
                introduction="为困境儿童和留守儿童提供个案、小组和社区服务。" * 3,
                rating=rng.choice([Rating.NONE, Rating.A3, Rating.A4, Rating.A5]),
                rating_expires_on=datetime.date(2030, 12, 31),
                verification_status=status,
                submitted_at=w.now - datetime.timedelta(hours=i),
                verified_at=w.now if status == VerificationStatus.VERIFIED else None,
                pending_legal_facts={"legal_representative": "新法人"} if i % 25 == 0 else {},
            )
        )
        regions_of.append((county, prefecture))
    orgs = Organization.objects.bulk_create(orgs, batch_size=BATCH)
    service_regions = Organization.service_regions.through
    service_types = Organization.service_types.through
    regions_rows, types_rows, staff = [], [], []
    for org, (county, prefecture) in zip(orgs, regions_of, strict=True):
        for region in {county, w.county(prefecture)}:
            regions_rows.append(service_regions(organization_id=org.pk, region_id=region.pk))
        for service_type in rng.sample(w.service_types, min(2, len(w.service_types))):
            types_rows.append(service_types(organization_id=org.pk, servicetype_id=service_type.pk))
        for s in range(3):
            staff.append(
                StaffMember(
                    organization=org,
                    name=f"社工{org.pk}-{s}",
                    qualification=rng.choice(Qualification.values),
                    started_on=datetime.date(2020, 3, 1),
                    left_on=datetime.date(2024, 6, 30) if s == 2 and org.pk % 4 == 0 else None,
                )
            )
    service_regions.objects.bulk_create(regions_rows, batch_size=BATCH)
    service_types.objects.bulk_create(types_rows, batch_size=BATCH)
    StaffMember.objects.bulk_create(staff, batch_size=BATCH)
    w.counts["organizations"] += n


def _add_calls(w: _World, n: int) -> list[Call]:
    start = w.counts["calls"]
    calls = []
    for i in range(start, start + n):
        region = w.province if i % 10 == 0 else w.prefectures[i % len(w.prefectures)]
        is_open = i % 4 == 3
        opens = w.now - datetime.timedelta(days=10 if is_open else 200 + i)
        calls.append(
            Call(
                issuing_region=region,
                issuing_bureau=f"{region.name}民政局",
                title=f"{region.name}{2024 + i % 3}年儿童关爱服务项目申报指南{i}",
                summary="面向困境儿童、留守儿童的关爱服务项目。" * 4,
                funding_source=FundingSource.values[i % len(FundingSource.values)],
                total_budget=Decimal("5000000.00"),
                per_project_cap=Decimal("300000.00"),
                opens_at=opens,
                closes_at=opens + datetime.timedelta(days=30),
                status=CallStatus.PUBLISHED,
                published_at=opens,
                created_by=w.officer,
            )
        )
    calls = Call.objects.bulk_create(calls, batch_size=BATCH)
    criteria, tranches, categories, types = [], [], [], []
    for call in calls:
        for order, (name, weight) in enumerate([("需求分析", 30), ("团队能力", 25), ("预算合理性", 20), ("成效", 25)]):
            criteria.append(RubricCriterion(call=call, order=order, name=name, weight=Decimal(weight)))
        for order, (title, pct, months) in enumerate([("首付", 40, 0), ("中期", 30, 6), ("结项", 30, 11)]):
            tranches.append(
                TrancheTemplate(call=call, order=order, title=title, percentage=Decimal(pct), due_after_months=months)
            )
        for category in w.child_categories[:3]:
            categories.append(Call.child_categories.through(call_id=call.pk, childcategory_id=category.pk))
        for service_type in w.service_types[:3]:
            types.append(Call.service_types.through(call_id=call.pk, servicetype_id=service_type.pk))
    RubricCriterion.objects.bulk_create(criteria, batch_size=BATCH)
    TrancheTemplate.objects.bulk_create(tranches, batch_size=BATCH)
    Call.child_categories.through.objects.bulk_create(categories, batch_size=BATCH)
    Call.service_types.through.objects.bulk_create(types, batch_size=BATCH)
    w.counts["calls"] += n
    return calls


def _add_applications(w: _World, n: int, calls: list[Call]) -> None:
    """``n`` applications over ``calls``; the first call (provincial in the full stage) gets a fifth of them."""
    rng, start = w.rng, w.counts["applications"]
    organizations = list(Organization.objects.values_list("pk", flat=True))
    weights = [len(calls) / 4] + [1] * (len(calls) - 1)
    apps = []
    for i in range(start, start + n):
        status = APPLICATION_CYCLE[(i - start) % len(APPLICATION_CYCLE)]
        amount = Decimal(rng.randrange(50_000, 300_000))
        apps.append(
            Application(
                call=rng.choices(calls, weights)[0],
                organization_id=rng.choice(organizations),
                title=f"留守儿童关爱服务项目{i}",
                summary="为困境儿童提供个案与小组服务。" * 4,
                status=status,
                requested_amount=amount,
                approved_amount=amount if status == ApplicationStatus.APPROVED else None,
                planned_cases=20,
                planned_groups=4,
                version=0 if status == ApplicationStatus.DRAFT else 1,
                submitted_at=None if status == ApplicationStatus.DRAFT else w.now - datetime.timedelta(minutes=i),
                decided_at=w.now if status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED) else None,
                decision_reason="综合评分" if status == ApplicationStatus.APPROVED else "",
                created_by=w.officer,
            )
        )
    apps = Application.objects.bulk_create(apps, batch_size=BATCH)
    regions_through = Application.service_regions.through
    lines, regions_rows, reviews = [], [], []
    reviewed = {ApplicationStatus.UNDER_REVIEW, ApplicationStatus.APPROVED, ApplicationStatus.REJECTED}
    budget = [("personnel", "社工补贴"), ("activity", "小组活动"), ("admin", "管理")]
    for app in apps:
        for order, (category, item) in enumerate(budget):
            lines.append(
                BudgetLine(
                    application=app,
                    category=category,
                    item=item,
                    unit="月",
                    unit_price=Decimal("1000"),
                    quantity=10,
                    order=order,
                )
            )
        region = app.call.issuing_region
        regions_rows.append(regions_through(application_id=app.pk, region_id=region.pk))
        if app.status in reviewed:
            for reviewer in rng.sample(w.reviewers, 2):
                reviews.append(
                    ReviewAssignment(
                        application=app,
                        reviewer=reviewer,
                        status="submitted",
                        total_score=Decimal(rng.randrange(55, 95)),
                        submitted_at=w.now,
                        assigned_by=w.officer,
                    )
                )
    BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
    regions_through.objects.bulk_create(regions_rows, batch_size=BATCH)
    ReviewAssignment.objects.bulk_create(reviews, batch_size=BATCH)
    w.counts["applications"] += n


def _add_grants(w: _World, n: int) -> None:
    rng, start = w.rng, w.counts["grants"]
    approved = list(
        Application.objects.filter(status=ApplicationStatus.APPROVED, grant__isnull=True)
        .select_related("call__issuing_region")
        .order_by("pk")[:n]
    )
    assert len(approved) == n, f"only {len(approved)} approved applications for {n} grants"
    grants = []
    for i, app in enumerate(approved, start=start):
        start_date = w.today - datetime.timedelta(days=30 + i % 300)
        grants.append(
            Grant(
                application=app,
                call=app.call,
                organization_id=app.organization_id,
                issuing_region=app.call.issuing_region,
                contract_number=f"HBMZ-{app.call.issuing_region.code}-2026-{i:05d}",
                title=app.title,
                amount=app.approved_amount,
                start_date=start_date,
                end_date=start_date + datetime.timedelta(days=364),
                funding_source=app.call.funding_source,
                signed_contract=f"grants/{i}/contract/contract.pdf",
                contact_name="李社工",
                contact_phone="13800000000",
                bureau_contact_name="陈静",
                bureau_contact_phone="027-85000000",
                status=GrantStatus.COMPLETED if i % 10 == 0 else GrantStatus.IN_PROGRESS,
                signed_on=start_date,
                created_by=w.officer,
            )
        )
    grants = Grant.objects.bulk_create(grants, batch_size=BATCH)
    regions_through = Grant.service_regions.through
    milestones, regions_rows, evaluations = [], [], []
    for grant in grants:
        regions_rows.append(regions_through(grant_id=grant.pk, region_id=grant.issuing_region_id))
        for order, pct in enumerate((40, 30, 30), start=1):
            due = grant.start_date + datetime.timedelta(days=(order - 1) * 150 + 7)
            if due < w.today - datetime.timedelta(days=60):
                status = MilestoneStatus.PAID
            elif due < w.today:
                status = rng.choice([MilestoneStatus.PENDING, MilestoneStatus.SUBMITTED, MilestoneStatus.APPROVED])
            else:
                status = MilestoneStatus.PENDING
            milestones.append(
                Milestone(
                    grant=grant,
                    order=order,
                    title=f"第{order}期",
                    due_date=due,
                    percentage=Decimal(pct),
                    payment_amount=(grant.amount * pct / 100).quantize(Decimal("0.01")),
                    status=status,
                )
            )
        if grant.pk % 3 == 0:
            evaluations.append(
                Evaluation(
                    grant=grant,
                    kind="midterm",
                    evaluator=w.evaluator,
                    status="published",
                    score=Decimal(rng.randrange(60, 98)),
                    grade="good",
                    summary="服务按计划推进。",
                    assigned_by=w.officer,
                    submitted_at=w.now,
                    published_at=w.now,
                    published_by=w.officer,
                )
            )
    regions_through.objects.bulk_create(regions_rows, batch_size=BATCH)
    milestones = Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    Payment.objects.bulk_create(
        [
            Payment(
                milestone=m,
                amount=m.payment_amount,
                paid_on=m.due_date + datetime.timedelta(days=20),
                voucher_number=f"PZ{m.pk:08d}",
                released_by=w.officer,
            )
            for m in milestones
            if m.status == MilestoneStatus.PAID
        ],
        batch_size=BATCH,
    )
    Evaluation.objects.bulk_create(evaluations, batch_size=BATCH)
    w.counts["grants"] += n


def _grow_to(w: _World, size: dict) -> float:
    started = time.perf_counter()
    _add_organizations(w, size["organizations"] - w.counts["organizations"])
    calls = _add_calls(w, size["calls"] - w.counts["calls"])
    _add_applications(w, size["applications"] - w.counts["applications"], calls)
    _add_grants(w, size["grants"] - w.counts["grants"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would have done for a real database
    return time.perf_counter() - started


def _request(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: HTTP {response.status_code}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def _measure_page(client: Client, url: str, repeat: int = REQUESTS) -> dict:
    _request(client, url)  # warm-up: templates compiled, caches filled
    with CaptureQueriesContext(connection) as queries:
        _request(client, url)
    query_count = len(queries)  # now: the next request empties the log the context reads
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    gc.collect()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        _request(client, url)
        times.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    _, body = _request(client, url)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "ms": min(times),
        "median_ms": statistics.median(times),
        "queries": query_count,
        "sql_ms": sql_ms,
        "peak_kb": peak / 1024,
        "bytes": len(body),
    }


def _measure_export(client: Client, url: str, rows: int, repeat: int = 3) -> dict:
    gc.collect()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        _response, body = _request(client, url)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        _request(client, url)
    query_count = len(queries)
    tracemalloc.start()
    _request(client, url)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    seconds = min(times)
    return {
        "ms": seconds * 1000,
        "rows": rows,
        "rows_per_s": rows / seconds,
        "peak_kb": peak / 1024,
        "queries": query_count,
        "kb": len(body) / 1024,
    }


def _exports(w: _World) -> list[tuple[str, str, int]]:
    officer = w.officer
    biggest = (
        Application.objects.exclude(status=ApplicationStatus.DRAFT)
        .values("call")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert officer.officer_region is not None
    return [
        ("organizations export (all)", "/organizations/officer/export/?status=", Organization.objects.count()),
        ("grants export (all)", "/grants/export.xlsx", Grant.objects.count()),
        (
            "call applications export (biggest call)",
            f"/programs/work/calls/{biggest['call']}/export.xlsx",
            biggest["n"],
        ),
    ]


def _measure_all(w: _World, officer_client: Client, public_client: Client) -> tuple[dict, dict]:
    for _label, url, as_officer in PAGES:  # warm every page up once before timing any of them
        _request(officer_client if as_officer else public_client, url)
    pages = {}
    for label, url, as_officer in PAGES:
        pages[label] = _measure_page(officer_client if as_officer else public_client, url)
    exports = {}
    for label, url, rows in _exports(w):
        exports[label] = _measure_export(officer_client, url, rows)
    return pages, exports


def _visible_rows(w: _World) -> dict:
    """The rows each list has to look at (its unpaginated size) at the current stage."""
    return {
        "officer organization queue": Organization.objects.count(),
        "officer applications list": Application.objects.exclude(status=ApplicationStatus.DRAFT).count(),
        "officer grants list": Grant.objects.count(),
        "public funded projects": Grant.objects.count(),
        "public call index": Call.objects.filter(status=CallStatus.PUBLISHED).count(),
        "public directory": Organization.objects.verified().count(),
    }


def run() -> None:
    wall = time.perf_counter()
    with transaction.atomic():
        w = _World()
        officer_client = Client()
        officer_client.force_login(w.officer)
        public_client = Client()

        small_build = _grow_to(w, SMALL)
        small_rows = _visible_rows(w)
        small_pages, small_exports = _measure_all(w, officer_client, public_client)

        full_build = _grow_to(w, FULL)
        full_rows = _visible_rows(w)
        full_pages, full_exports = _measure_all(w, officer_client, public_client)

        _report(w, small_build, full_build, small_rows, full_rows, small_pages, full_pages, small_exports, full_exports)
        transaction.set_rollback(True)
    print(f"  (lists benchmark took {time.perf_counter() - wall:.0f} s)")


def _report(w, small_build, full_build, small_rows, full_rows, small_pages, full_pages, small_exports, full_exports):
    print(
        f"lists on {connection.vendor}: baseline {SMALL} built in {small_build:.1f} s; "
        f"full {FULL} built in {full_build:.1f} s (bulk_create)"
    )
    print(
        f"  pages: best of {REQUESTS} requests (median in brackets); queries and their SQL time in one request; "
        "peak Python memory of one request (tracemalloc); size of the HTML"
    )
    header = (
        f"  {'page':28} {'rows':>11} {'ms small':>14} {'ms full':>14} {'x':>5} "
        f"{'queries':>9} {'SQL ms':>11} {'peak KiB':>15} {'HTML KiB':>10}"
    )
    print(header)
    flags = []
    for label, _url, _officer in PAGES:
        s, f = small_pages[label], full_pages[label]
        rows = f"{small_rows[label]}->{full_rows[label]}"
        ratio = f["ms"] / s["ms"]
        print(
            f"  {label:28} {rows:>11} {s['ms']:6.1f} ({s['median_ms']:5.1f}) {f['ms']:6.1f} ({f['median_ms']:5.1f}) "
            f"{ratio:5.2f} "
            f"{s['queries']:>4}->{f['queries']:<4} {s['sql_ms']:>5.0f}->{f['sql_ms']:<5.0f} "
            f"{s['peak_kb']:>7.0f}->{f['peak_kb']:<7.0f} {s['bytes'] / 1024:>4.0f}->{f['bytes'] / 1024:<4.0f}"
        )
        if f["queries"] > s["queries"]:
            flags.append(f"{label}: queries grow with the data ({s['queries']} -> {f['queries']})")
        if f["bytes"] > 2 * s["bytes"]:
            flags.append(f"{label}: the HTML grows with the data ({s['bytes'] // 1024} -> {f['bytes'] // 1024} KiB)")
        if f["peak_kb"] > 2 * s["peak_kb"]:
            flags.append(f"{label}: memory per request grows ({s['peak_kb']:.0f} -> {f['peak_kb']:.0f} KiB)")
        if f["sql_ms"] > 50 and f["sql_ms"] > 4 * max(s["sql_ms"], 5):
            flags.append(
                f"{label}: database time follows all {full_rows[label]} rows, not the page "
                f"({s['sql_ms']:.0f} -> {f['sql_ms']:.0f} ms)"
            )
        growth = full_rows[label] / max(small_rows[label], 1)
        if ratio > 2 and ratio > growth**0.5:
            flags.append(f"{label}: a paginated page {ratio:.1f}x slower for {growth:.0f}x the rows")
        record(
            "lists",
            f"{label}, {rows} rows (ms at baseline: {s['ms']:.0f})",
            f["ms"],
            "ms",
            target="queries, HTML, memory flat; time ≤ max(2, √rows)× baseline",
            met=not any(flag.startswith(f"{label}:") for flag in flags),
        )
    print("  exports: best of 3 downloads; peak Python memory of one download")
    print(f"  {'export':40} {'rows':>11} {'ms':>15} {'rows/s':>17} {'peak KiB':>15} {'queries':>9} {'xlsx KiB':>8}")
    for label in full_exports:
        s, f = small_exports[label], full_exports[label]
        rows = f"{s['rows']}->{f['rows']}"
        print(
            f"  {label:40} {rows:>11} {s['ms']:>6.0f}->{f['ms']:<7.0f} "
            f"{s['rows_per_s']:>7.0f}->{f['rows_per_s']:<8.0f} {s['peak_kb']:>6.0f}->{f['peak_kb']:<7.0f} "
            f"{s['queries']:>3}->{f['queries']:<4} {f['kb']:8.0f}"
        )
        if f["queries"] > s["queries"]:
            flags.append(f"{label}: queries grow with the rows ({s['queries']} -> {f['queries']})")
        row_growth = f["rows"] / max(s["rows"], 1)
        if f["ms"] / s["ms"] > 2 * row_growth:
            flags.append(f"{label}: time grows faster than the rows ({f['ms'] / s['ms']:.1f}x for {row_growth:.0f}x)")
        record(
            "lists",
            f"export {label}, {f['rows']:,} rows",
            f["rows_per_s"],
            "rows/s",
            target="queries flat; time ≤ 2× the rows' growth",
            met=not any(flag.startswith(f"{label}:") for flag in flags),
        )
    print("  findings: " + ("none" if not flags else ""))
    for flag in flags:
        print(f"    ! {flag}")
