"""Loading the Hubei administrative divisions shipped in ``core/data/``: the province, 市州 and counties
(``hubei_divisions.csv``) and the townships (乡镇街道, ``hubei_townships.csv``)."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import Region, RegionLevel

DIVISIONS_CSV = Path(__file__).resolve().parent / "data" / "hubei_divisions.csv"
TOWNSHIPS_CSV = Path(__file__).resolve().parent / "data" / "hubei_townships.csv"

# Changes since the 2020 snapshot the data file was taken from: old code -> (new code, new name).
RENAMED = {"421023": ("421088", "监利市")}


def read_divisions(path: Path = DIVISIONS_CSV) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["code"] in RENAMED:
            row["code"], row["name"] = RENAMED[row["code"]]
    return rows


@transaction.atomic
def regions_load(*, path: Path = DIVISIONS_CSV) -> tuple[int, int]:
    """Create or update the province, 市州 and counties. Idempotent. Returns (created, updated)."""
    created = updated = 0
    by_code: dict[str, Region] = {}
    for old_code, (new_code, _name) in RENAMED.items():
        Region.objects.filter(code=old_code).exclude(children__isnull=False).update(code=new_code)
    for row in read_divisions(path):
        values = {
            "name": row["name"],
            "level": RegionLevel(row["level"]),
            "parent": by_code.get(row["parent_code"]),
            "prefecture_code": row["prefecture_code"],
            "longitude": Decimal(row["longitude"]) if row["longitude"] else None,
            "latitude": Decimal(row["latitude"]) if row["latitude"] else None,
        }
        region = Region.objects.filter(code=row["code"]).first()
        if region is None:
            region = Region(code=row["code"], **values)
            region.save()
            created += 1
        else:
            changed = any(getattr(region, field) != value for field, value in values.items())
            if changed:
                for field, value in values.items():
                    setattr(region, field, value)
                region.save()
                updated += 1
        by_code[region.code] = region
    return created, updated


# The township file (国家统计局 2023 codes) names a few county-level units differently from our county table:
# 京山县 420821 became 京山市 420882 in 2018 (our county table, a 2020 snapshot, still has the old code; the county
# keeps it here, as the county map does). 监利 421088 is ours after ``RENAMED``.
TOWNSHIP_COUNTY_ALIASES = {"420882": "420821"}
# Functional zones (功能区) the statistics office lists with townships but that are not county-level divisions in our
# table; their townships are not loaded (docs/regions.md).
TOWNSHIP_ZONES_SKIPPED = {"421071": "荆州经济技术开发区", "421171": "龙感湖管理区"}


def read_townships(path: Path = TOWNSHIPS_CSV) -> list[dict]:
    """Rows of the township file with ``county_code`` mapped to our county codes (zones left in, see above)."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["county_code"] = TOWNSHIP_COUNTY_ALIASES.get(row["county_code"], row["county_code"])
    return rows


@transaction.atomic
def townships_load(*, path: Path = TOWNSHIPS_CSV, county_codes: set[str] | None = None) -> tuple[int, int, int]:
    """Create or update the townships below our counties, in bulk (a few queries for ~1,460 rows). Idempotent.

    ``county_codes`` limits the load to those counties (tests load one or two). Returns (created, updated,
    skipped): skipped rows belong to a county-level unit we do not have (the functional zones above)."""
    counties = {r.code: r for r in Region.objects.filter(level=RegionLevel.COUNTY)}
    existing = {r.code: r for r in Region.objects.filter(level=RegionLevel.TOWNSHIP)}
    to_create, to_update, skipped = [], [], 0
    for row in read_townships(path):
        if county_codes is not None and row["county_code"] not in county_codes:
            continue
        county = counties.get(row["county_code"])
        if county is None:
            skipped += 1
            continue
        # bulk_create skips Region.save(): path, depth and prefecture_code are set here as save() would.
        values = {
            "name": row["name"],
            "parent": county,
            "prefecture_code": county.prefecture_code,
            "path": f"{county.path}{row['code']}/",
            "depth": county.depth + 1,
        }
        region = existing.get(row["code"])
        if region is None:
            to_create.append(Region(code=row["code"], level=RegionLevel.TOWNSHIP, **values))
        elif any(getattr(region, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(region, field, value)
            to_update.append(region)
    Region.objects.bulk_create(to_create, batch_size=500)
    Region.objects.bulk_update(to_update, ["name", "parent", "prefecture_code", "path", "depth"], batch_size=500)
    return len(to_create), len(to_update), skipped
