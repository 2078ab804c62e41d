"""Writing many rows fast: PostgreSQL ``COPY … FROM STDIN`` through psycopg 3 (``cursor.copy``), and ``bulk_create``
in batches on any other database. Rows are tuples of the given fields (attnames); the model's other columns take
their default (``auto_now`` fields: now), so a field added later with a default needs no change here. No model
``save()`` runs and no signal is sent, as with ``bulk_create``."""

from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

BATCH = 2000


def _filler(model: type[models.Model], fields: list[str]) -> tuple[list[str], tuple]:
    """The model's concrete columns not in ``fields`` (the primary key aside), and the value each takes."""
    now = timezone.now()
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in fields:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.primary_key:
            continue
        else:
            value = field.get_default()
            if isinstance(field, models.JSONField):
                value = field.get_db_prep_save(value, connection)
        names.append(field.attname)
        values.append(value)
    return names, tuple(values)


def copy_rows(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """Write ``rows`` (tuples of ``fields``) into ``model``'s table; returns how many. ``COPY`` on PostgreSQL,
    ``bulk_create`` elsewhere. Primary keys given in the rows are kept: take them from ``reserve_ids`` (or reset the
    sequence afterwards with ``reset_sequences``)."""
    extra_names, extra_values = _filler(model, fields)
    count = 0
    if connection.vendor == "postgresql":
        columns = [model._meta.get_field(name).column for name in fields + extra_names]
        sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row + extra_values)
                count += 1
        return count
    names = fields + extra_names
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(names, row + extra_values, strict=True))))
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)
        count += len(batch)
    return count


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """``n`` fresh primary keys from the table's sequence (PostgreSQL; safe beside concurrent inserts)."""
    if n == 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, n])
        return [row[0] for row in cursor.fetchall()]


def next_id(model: type[models.Model]) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(*model_list: type[models.Model]) -> None:
    """After rows were written with explicit primary keys: the next ``save()`` must not reuse one."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
