"""The townships (乡镇街道) of Hubei, loaded below our counties from core/data/hubei_townships.csv."""

import csv
import io

from django.core.management import call_command

from core.models import Region, RegionLevel
from core.regions import TOWNSHIP_ZONES_SKIPPED, TOWNSHIPS_CSV, read_townships, townships_load


def test_every_township_belongs_to_one_of_our_counties_or_a_named_zone(db):
    counties = set(Region.objects.filter(level=RegionLevel.COUNTY).values_list("code", flat=True))
    rows = read_townships()
    assert len(rows) == 1475
    orphans = {row["county_code"] for row in rows if row["county_code"] not in counties}
    assert orphans == set(TOWNSHIP_ZONES_SKIPPED)
    # 京山 (420882 since 2018) and 监利 (421088) find their county.
    assert any(row["code"].startswith("420882") and row["county_code"] == "420821" for row in rows)
    assert any(row["county_code"] == "421088" for row in rows)
    # Every county of ours has townships.
    assert counties <= {row["county_code"] for row in rows}


def test_the_whole_province_loads_in_bulk_and_a_second_run_changes_nothing(db, django_assert_max_num_queries):
    # A few statements, not one per row (SQLite caps the rows per INSERT, hence ~15 batches there).
    with django_assert_max_num_queries(25):
        created, updated, skipped = townships_load()
    assert (created, updated, skipped) == (1464, 0, 11)
    assert townships_load() == (0, 0, 11)
    dazhi = Region.objects.get(code="420102002")
    assert dazhi.name == "大智街道" and dazhi.level == RegionLevel.TOWNSHIP
    assert dazhi.path == "420000/420100/420102/420102002/" and dazhi.depth == 3
    assert dazhi.prefecture_code == "420100" and dazhi.parent.code == "420102"
    jingshan = Region.objects.get(code="420882001")
    assert jingshan.parent.code == "420821" and jingshan.path.startswith("420000/420800/420821/")
    wuhan = Region.objects.get(code="420100")
    assert Region.objects.subtree(wuhan).filter(level=RegionLevel.TOWNSHIP).count() > 100


def test_a_renamed_township_is_updated(db, tmp_path):
    townships_load(county_codes={"420102"})
    rows = list(csv.DictReader(TOWNSHIPS_CSV.open(encoding="utf-8")))
    for row in rows:
        if row["code"] == "420102002":
            row["name"] = "大智新街道"
    changed = tmp_path / "townships.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["code", "name", "county_code"])
        writer.writeheader()
        writer.writerows(rows)
    assert townships_load(path=changed, county_codes={"420102"})[:2] == (0, 1)
    assert Region.objects.get(code="420102002").name == "大智新街道"


def test_load_regions_loads_the_townships_unless_told_not_to(db):
    out = io.StringIO()
    call_command("load_regions", "--without-townships", stdout=out)
    assert not Region.objects.filter(level=RegionLevel.TOWNSHIP).exists()
    call_command("load_regions", stdout=out)
    assert Region.objects.filter(level=RegionLevel.TOWNSHIP).count() == 1464
    assert "11 of functional zones" in out.getvalue()
