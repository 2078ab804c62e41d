"""Deep lists for the pagination benchmark: the generated sizes give no list a page 10,000 (the biggest grant has a
few thousand service logs), so this adds, to a database of your own that ``generate_scale`` filled:

- 600,000 service logs to the grant with the most logs (copies of other grants' logs, re-pointed): a grant's log
  list of 12,000 pages of 50;
- 1,000,000 audit events spread over the counties (the audit search of a provincial officer: 20,000 pages).

``DATABASE_URL=postgres://…/h_mine .venv/bin/python -m bench.deep`` (PostgreSQL only; never on a shared database:
the rows stay). Then ``python -m bench.pages`` measures page 1 against page 10,000 of both."""

import os
import time

if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()

from django.db import connection, transaction

LOGS = int(os.environ.get("BENCH_DEEP_LOGS", "600000"))
EVENTS = int(os.environ.get("BENCH_DEEP_EVENTS", "1000000"))

_LOG_COLUMNS = (
    "date, form, minutes, volunteer_name, head_count, township, village, notes, created_at, beneficiary_id,"
    " created_by_id, service_type_id, staff_member_id, group_name"
)


def deepen() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("bench.deep: PostgreSQL only")
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(
            "SELECT grant_id FROM delivery_servicelog GROUP BY grant_id ORDER BY COUNT(*) DESC, grant_id LIMIT 1"
        )
        grant_id = cursor.fetchone()[0]
        cursor.execute(
            f"INSERT INTO delivery_servicelog (grant_id, row_key, import_batch_id, {_LOG_COLUMNS})"
            f" SELECT %s, '', NULL, {_LOG_COLUMNS} FROM delivery_servicelog WHERE grant_id <> %s LIMIT %s",
            [grant_id, grant_id, LOGS],
        )
        print(f"service logs: {cursor.rowcount:,} added to grant {grant_id} in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        cursor.execute(
            "INSERT INTO core_auditevent (action, target_id, target_repr, created_at, details, actor_id, region_id,"
            " hash, prev_hash)"
            " SELECT 'delivery.child_file_open', (n %% 50000)::text, '', now() - (n || ' seconds')::interval, '{}',"
            " (SELECT id FROM core_user WHERE username = 'scale_officer'), counties.ids[1 + n %% cardinality(ids)],"
            " '', ''"
            " FROM generate_series(1, %s) AS n,"
            " (SELECT array_agg(id ORDER BY id) AS ids FROM core_region WHERE level = 'county') AS counties",
            [EVENTS],
        )
        print(f"audit events: {cursor.rowcount:,} added in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        # Statistics for the planner, and the visibility map that lets an index-only scan skip the table.
        cursor.execute("VACUUM (ANALYZE) delivery_servicelog")
        cursor.execute("VACUUM (ANALYZE) core_auditevent")


if __name__ == "__main__":
    deepen()
