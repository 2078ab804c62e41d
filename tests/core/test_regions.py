from core.models import Region, RegionLevel
from core.regions import regions_load
from tests.factories import region


def test_hubei_has_one_province_17_prefecture_units_and_103_county_level_divisions(db):
    assert Region.objects.filter(level=RegionLevel.PROVINCE).count() == 1
    assert Region.objects.filter(level=RegionLevel.PREFECTURE).count() == 13
    assert Region.objects.prefecture_units().count() == 17
    assert Region.objects.counties().count() == 103


def test_the_four_directly_administered_units_count_among_the_17(db):
    names = set(Region.objects.prefecture_units().filter(level=RegionLevel.COUNTY).values_list("name", flat=True))
    assert names == {"仙桃市", "潜江市", "天门市", "神农架林区"}


def test_jianli_county_has_become_a_city(db):
    assert not Region.objects.filter(code="421023").exists()
    jianli = region("421088")
    assert jianli.name == "监利市"
    assert jianli.parent.code == "421000"


def test_subtree_is_one_query_and_contains_exactly_the_region_and_what_lies_below(db, django_assert_num_queries):
    wuhan = region("420100")
    with django_assert_num_queries(1):
        codes = set(Region.objects.subtree(wuhan).values_list("code", flat=True))
    assert "420100" in codes and "420102" in codes
    assert len(codes) == 1 + 13
    assert "420200" not in codes and "422800" not in codes


def test_contains_follows_the_tree(db):
    province, wuhan, jiangan, enshi = (region(c) for c in ("420000", "420100", "420102", "422800"))
    assert province.contains(jiangan) and wuhan.contains(jiangan) and wuhan.contains(wuhan)
    assert not wuhan.contains(enshi) and not jiangan.contains(wuhan) and not wuhan.contains(None)


def test_townships_and_villages_can_be_added_below_a_county(db):
    jiangan = region("420102")
    township = Region.objects.create(code="420102001", name="大智街道", level=RegionLevel.TOWNSHIP, parent=jiangan)
    village = Region.objects.create(code="420102001001", name="某社区", level=RegionLevel.VILLAGE, parent=township)
    assert village.path == "420000/420100/420102/420102001/420102001001/"
    assert village.prefecture_code == "420100"
    assert set(Region.objects.subtree(region("420100")).filter(depth__gte=3)) == {township, village}
    assert [r.code for r in village.ancestors()] == ["420000", "420100", "420102", "420102001"]


def test_loading_again_changes_nothing(db):
    assert regions_load() == (0, 0)
    assert Region.objects.counties().count() == 103
