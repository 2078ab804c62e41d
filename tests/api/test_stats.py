"""The stats tables against the hand-computed impact scenario (tests/factories/impact.py), and the small-count rule:
no count of children from 1 to 4, and no lone hidden cell that a total would give away by subtraction."""

import pytest

from core.disclosure import HIDDEN
from tests.factories.impact import impact_scenario, more_brand_grants

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(province_officer):
    return impact_scenario(province_officer)


def _rows(api, dimension):
    response = api(f"/api/v1/stats/{dimension}/")
    assert response.status_code == 200, response.content
    assert response.json()["dimension"] == dimension
    return {row["key"]: row for row in response.json()["rows"]}


def _assert_no_small_count(rows):
    for row in rows.values():
        children = row.get("children")
        assert children == HIDDEN or children == 0 or children >= 5, row


def test_children_by_county_as_on_the_home_page_map(api, scenario):
    rows = _rows(api, "county")
    assert rows["420102"]["children"] == 11
    assert rows["420103"]["children"] == HIDDEN  # 2
    assert rows["420106"]["children"] == HIDDEN  # 5, hidden with it: 28 − 11 − 10 would give 2 otherwise
    assert rows["422801"]["children"] == 10
    assert rows["420102"]["covered"] is True
    _assert_no_small_count(rows)


def test_children_by_brand_suppressed_together(api, scenario):
    rows = _rows(api, "brand")
    brand = rows["tongxin"]
    assert brand["children"] == 18 and brand["grants"] == 3
    assert rows["none"]["children"] == 10 and rows["none"]["grants"] == 1
    assert str(sum(row["amount_awarded"] and float(row["amount_awarded"]) for row in rows.values()))


def test_children_by_category_hide_a_pair(api, scenario):
    rows = _rows(api, "category")
    assert rows["left_behind"]["children"] == 11
    assert rows["orphan"]["children"] == HIDDEN
    assert rows["in_difficulty"]["children"] == HIDDEN
    assert rows["disabled"]["children"] == 10
    _assert_no_small_count(rows)


def test_children_by_year_count_each_child_once_and_hide_by_subtraction(api, scenario, province_officer):
    rows = _rows(api, "year")
    assert sum(row["children"] for row in rows.values() if row["children"] != HIDDEN) <= 28
    assert sum(row["grants"] for row in rows.values()) == 4
    _assert_no_small_count(rows)


def test_a_lone_small_cell_takes_a_second_one_with_it(api, province_officer):
    """Two brands: 3 children and 20 children, 23 in all. Showing 20 and the total would give away the 3."""
    from tests.factories.grants import make_grant
    from tests.factories.impact import _children
    from tests.factories.programs import BrandProgramFactory

    small, large = BrandProgramFactory(slug="small"), BrandProgramFactory(slug="large")
    _children(
        make_grant(officer=province_officer, application_kwargs={"brand_program": small}),
        3,
        county="420102",
        category="orphan",
    )
    _children(
        make_grant(officer=province_officer, application_kwargs={"brand_program": large}),
        20,
        county="420103",
        category="orphan",
    )
    rows = _rows(api, "brand")
    assert rows["small"]["children"] == HIDDEN
    assert rows["large"]["children"] == HIDDEN  # complementary suppression
    counties = _rows(api, "county")
    assert counties["420102"]["children"] == HIDDEN and counties["420103"]["children"] == HIDDEN


def test_a_category_hidden_on_a_brand_page_is_hidden_for_the_province(api, province_officer):
    """Two brands, 12 + 3 orphans: the province's 15 minus brand A's shown 12 would give brand B's hidden 3."""
    from tests.factories.grants import make_grant
    from tests.factories.impact import _children
    from tests.factories.programs import BrandProgramFactory

    first, second = BrandProgramFactory(slug="a"), BrandProgramFactory(slug="b")
    a = make_grant(officer=province_officer, application_kwargs={"brand_program": first})
    b = make_grant(officer=province_officer, application_kwargs={"brand_program": second})
    _children(a, 12, county="420102", category="orphan")
    _children(a, 20, county="420102", category="left_behind")
    _children(b, 3, county="420103", category="orphan")
    _children(b, 30, county="420103", category="left_behind")
    rows = _rows(api, "category")
    assert rows["orphan"]["children"] == HIDDEN
    assert rows["left_behind"]["children"] == HIDDEN  # its complement on brand B's page (30 is B's smallest other)


def test_money_by_region_and_funding_source(api, scenario):
    regions = _rows(api, "region")
    assert sum(row["grants"] for row in regions.values()) == 4
    assert all("children" not in row for row in regions.values())  # children only at one level: the county
    sources = _rows(api, "funding_source")
    assert sources["welfare_lottery"]["grants"] == 3 and sources["charity"]["grants"] == 1


def test_stats_query_counts_do_not_grow(api, scenario, province_officer, django_assert_max_num_queries):
    counts = {}
    for dimension in ("region", "county", "year", "brand", "category", "funding_source"):
        with django_assert_max_num_queries(10) as captured:
            api(f"/api/v1/stats/{dimension}/")
        counts[dimension] = len(captured.captured_queries)
    more_brand_grants(province_officer, scenario["brand"], 3)
    for dimension, count in counts.items():
        with django_assert_max_num_queries(count):
            api(f"/api/v1/stats/{dimension}/")


def test_the_stats_index_lists_every_table(api):
    tables = api("/api/v1/stats/").json()["tables"]
    assert [table["dimension"] for table in tables] == [
        "region",
        "county",
        "year",
        "brand",
        "category",
        "funding_source",
    ]
