"""Rebuilding the rollups (``delivery.models.rollups``): every figure the dashboard, the home page and the brand pages
add up over the service data, precomputed per scope.

A rebuild is one transaction (readers see the old tables until it commits, never half of a rebuild) of a few
``INSERT … SELECT`` statements: the database groups the logs and enrolments itself, nothing is loaded into Python,
so memory stays flat whatever the data. The logs are read five times (three region levels, brands, everything),
the enrolments about twenty times; at the large size the rebuild takes about a minute (docs/benchmarks.md).
It runs from Celery beat, after imports and log edits (``rollups_refresh_soon``), and from
``manage.py refresh_rollups``.
"""

import datetime
import time

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import CharField, Count, F, Q, Sum, Value
from django.db.models.functions import Cast, Concat, Substr, TruncMonth, TruncQuarter
from django.utils import timezone

from ..models import ChildCount, ChildDimension, Enrolment, RollupState, ServiceLog, ServiceMonth
from ..models.rollups import ALL

# The dashboard's regions go down to the county: province (0), 市州 (1), county (2). A region path is its codes,
# six digits and a slash each.
REGION_DEPTHS = (0, 1, 2)
SEGMENT = 7
QUEUED_KEY = "delivery:rollups-refresh-queued"
# How long edits are gathered before one rebuild runs (seconds).
REFRESH_DELAY = 60
# Two rebuilds at once (beat and an import's) would each delete the other's rows unseen and insert theirs twice: on
# PostgreSQL the second waits for this transaction-level advisory lock (SQLite serialises writers by itself).
LOCK_ID = 0x726F6C6C  # "roll"


def _scopes(grant: str):
    """(filter, scope expression, public?) for each kind of scope, ``grant`` being the path to the grant."""
    path = f"{grant}issuing_region__path"
    for depth in REGION_DEPTHS:
        prefix = Substr(path, 1, SEGMENT * (depth + 1))
        yield Q(**{f"{grant}issuing_region__depth__gte": depth}), Concat(Value("r:"), prefix), False
    brand = Cast(f"{grant}brand_program_id", CharField())
    yield Q(**{f"{grant}brand_program__isnull": False}), Concat(Value("b:"), brand), True
    yield Q(), Value(ALL), True


def _insert(model, columns: list[str], queryset) -> None:
    """``INSERT INTO model (columns) SELECT …`` with ``queryset`` (a ``values()`` query whose columns come out in
    ``columns``' order)."""
    sql, params = queryset.query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)


def _service_months() -> None:
    columns = ["scope", "month", "service_type", "form", "sessions", "minutes", "professional_minutes", "attendance"]
    for where, scope, _public in _scopes("grant__"):
        rows = (
            ServiceLog.objects.filter(where)
            .annotate(rollup_scope=scope, month=TruncMonth("date"), type_id=F("service_type_id"), kind=F("form"))
            .values("rollup_scope", "month", "type_id", "kind")
            .annotate(
                n=Count("pk"),
                total=Sum("minutes"),
                professional=Sum("minutes", filter=Q(staff_member__isnull=False), default=0),
                present=Sum("head_count"),
            )
            .values_list("rollup_scope", "month", "type_id", "kind", "n", "total", "professional", "present")
            .order_by()
        )
        _insert(ServiceMonth, columns, rows)


def _child_keys(public: bool):
    """(dimension, key expression, extra filter) of each figure; the quarters only for the public pages, the
    townships only for the dashboard."""
    county = "beneficiary__county__path"
    yield ChildDimension.TOTAL, Value(""), Q()
    category = Cast("beneficiary__categories", CharField())
    yield ChildDimension.CATEGORY, category, Q(beneficiary__categories__isnull=False)
    yield ChildDimension.COUNTY, F(county), Q()
    if public:
        yield ChildDimension.QUARTER, Cast(TruncQuarter("consent_date"), CharField()), Q()
    else:
        yield ChildDimension.TOWNSHIP, Concat(county, Value("|"), "beneficiary__township"), ~Q(beneficiary__township="")


def _child_counts(today: datetime.date) -> None:
    columns = ["scope", "dimension", "key", "children"]
    for where, scope, public in _scopes("grant__"):
        for dimension, key, extra in _child_keys(public):
            rows = (
                Enrolment.objects.filter(where, extra, consent_date__lte=today)
                .annotate(rollup_scope=scope, figure=Value(str(dimension)), cell=key)
                .values("rollup_scope", "figure", "cell")
                .annotate(n=Count("beneficiary", distinct=True))
                .values_list("rollup_scope", "figure", "cell", "n")
                .order_by()
            )
            _insert(ChildCount, columns, rows)


def rollups_refresh(*, today: datetime.date | None = None) -> RollupState:
    """Rebuild every rollup from the service logs and enrolments, in one transaction, and record when."""
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        ServiceMonth.objects.all().delete()
        ChildCount.objects.all().delete()
        _service_months()
        _child_counts(today)
        RollupState.objects.all().delete()
        state = RollupState.objects.create(
            refreshed_at=timezone.now(), as_of=today, seconds=round(time.monotonic() - started, 2)
        )
    return state


def rollups_refresh_soon() -> None:
    """After the service data changed (an import, a log entered or deleted): one rebuild a minute later, however many
    changes come meanwhile. Nothing while no rollup was ever built (the pages read the live data then)."""
    if not RollupState.objects.exists():
        return
    if not cache.add(QUEUED_KEY, True, timeout=REFRESH_DELAY * 10):
        return
    transaction.on_commit(lambda: _enqueue_refresh())


def _enqueue_refresh() -> None:
    from ..tasks import refresh_rollups

    refresh_rollups.apply_async(countdown=REFRESH_DELAY)
