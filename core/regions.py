"""Loading the Hubei administrative divisions shipped in ``core/data/hubei_divisions.csv``."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import Region, RegionLevel

DIVISIONS_CSV = Path(__file__).resolve().parent / "data" / "hubei_divisions.csv"

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
