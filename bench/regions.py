"""Subtree queries at scale: the materialized-path prefix query against walking the tree level by level
(the baseline a naive parent-pointer design would need)."""

import time

from django.db import transaction

from bench.report import record
from core.models import Region, RegionLevel


def _add_townships_and_villages(townships_per_county: int = 12, villages_per_township: int = 15) -> int:
    rows = []
    for county in Region.objects.counties():
        for t in range(1, townships_per_county + 1):
            code = f"{county.code}{t:03d}"
            rows.append(
                Region(
                    code=code,
                    name=f"{county.name}{t}镇",
                    level=RegionLevel.TOWNSHIP,
                    parent=county,
                    prefecture_code=county.prefecture_code,
                    path=f"{county.path}{code}/",
                    depth=3,
                )
            )
    Region.objects.bulk_create(rows, batch_size=1000)
    villages = []
    for township in Region.objects.filter(level=RegionLevel.TOWNSHIP):
        for v in range(1, villages_per_township + 1):
            code = f"{township.code}{v:03d}"
            villages.append(
                Region(
                    code=code,
                    name=f"{township.name}{v}村",
                    level=RegionLevel.VILLAGE,
                    parent=township,
                    prefecture_code=township.prefecture_code,
                    path=f"{township.path}{code}/",
                    depth=4,
                )
            )
    Region.objects.bulk_create(villages, batch_size=2000)
    return Region.objects.count()


def _walk(region: Region) -> set[int]:
    found, frontier = {region.pk}, [region.pk]
    while frontier:
        frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        found.update(frontier)
    return found


def _time(fn, repeat: int = 20) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat * 1000


def run() -> None:
    with transaction.atomic():
        total = _add_townships_and_villages()
        wuhan = Region.objects.get(code="420100")
        by_path = set(Region.objects.subtree(wuhan).values_list("pk", flat=True))
        assert by_path == _walk(wuhan)
        path_ms = _time(lambda: list(Region.objects.subtree(wuhan).values_list("pk", flat=True)))
        walk_ms = _time(lambda: _walk(wuhan))
        print(f"regions: {total} rows; Wuhan subtree = {len(by_path)} regions")
        print(f"  materialized path (1 query): {path_ms:8.2f} ms")
        print(f"  baseline, level-by-level walk: {walk_ms:8.2f} ms  ({walk_ms / path_ms:.1f}x slower)")
        record(
            "regions",
            f"Wuhan subtree of {total:,} regions (materialized path)",
            path_ms,
            "ms",
            peer=walk_ms,
            target="faster than the level-by-level walk (peer)",
            met=path_ms < walk_ms,
        )
        transaction.set_rollback(True)
