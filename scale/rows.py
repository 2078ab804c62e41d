"""Writing the generated rows (``core.bulk``: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere), timed per table
for the rows-per-second report."""

import time
from collections.abc import Iterable

from django.db import models

from core.bulk import BATCH, next_id, reset_sequences
from core.bulk import copy_rows as _copy_rows

__all__ = ["BATCH", "Timer", "copy_rows", "next_id", "reset_sequences"]


class Timer:
    """Rows written per table and the seconds it took."""

    def __init__(self):
        self.tables: dict[str, list[float]] = {}

    def add(self, label: str, rows: int, seconds: float) -> None:
        entry = self.tables.setdefault(label, [0, 0.0])
        entry[0] += rows
        entry[1] += seconds

    def lines(self) -> list[str]:
        return [
            f"{label:32} {rows:>11,} rows {seconds:8.1f} s {rows / seconds if seconds else 0:>12,.0f} rows/s"
            for label, (rows, seconds) in self.tables.items()
        ]


def copy_rows(model: type[models.Model], fields: list[str], rows: Iterable[tuple], timer: Timer | None = None) -> int:
    started = time.perf_counter()
    count = _copy_rows(model, fields, rows)
    if timer is not None:
        timer.add(model._meta.db_table, count, time.perf_counter() - started)
    return count
