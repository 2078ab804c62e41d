"""``covered_counties``: the counties a set of grants serves (a county itself, every county of a served 市州 or of the
province, the county of a served township), in two queries whatever the number of grants."""

import pytest

from core.models import Region, RegionLevel
from core.regions import townships_load
from delivery.public import covered_counties
from grants.models import Grant
from tests.factories.grants import make_grant

pytestmark = pytest.mark.django_db


def _codes(grants) -> set[str]:
    return set(covered_counties(grants).values_list("code", flat=True))


def test_counties_served_directly_by_prefecture_and_by_township(province_officer, django_assert_num_queries):
    townships_load(county_codes={"420103"})
    grant = make_grant(officer=province_officer)
    grants = Grant.objects.filter(pk=grant.pk)

    grant.service_regions.set([Region.objects.get(code="420102")])  # 江岸区 itself
    assert _codes(grants) == {"420102"}

    township = Region.objects.filter(level=RegionLevel.TOWNSHIP, parent__code="420103").first()
    grant.service_regions.set([township])  # a township of 江汉区: its county is covered, no other
    assert _codes(grants) == {"420103"}

    grant.service_regions.set([Region.objects.get(code="422800")])  # 恩施州: its eight counties
    assert _codes(grants) == set(
        Region.objects.counties().filter(path__startswith="420000/422800/").values_list("code", flat=True)
    )
    assert len(_codes(grants)) == 8

    grant.service_regions.set([Region.objects.get(code="429004")])  # 仙桃 (directly administered)
    assert _codes(grants) == set(
        Region.objects.counties()
        .filter(path__startswith=Region.objects.get(code="429004").path)
        .values_list("code", flat=True)
    )

    grant.service_regions.set([Region.objects.get(code="420000")])  # the province: every county
    every_county = set(Region.objects.counties().values_list("code", flat=True))
    with django_assert_num_queries(2):
        assert _codes(grants) == every_county


def test_no_grants_cover_nothing():
    assert _codes(Grant.objects.none()) == set()
