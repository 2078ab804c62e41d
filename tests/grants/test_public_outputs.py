"""The public funded-projects list and project page show each project's outputs and outcomes (tests/factories/impact.py
computes them by hand): children served (suppressed within the project's brand, the same way under any filter), hours,
and the share of children improved where measured; a fixed number of queries whatever the number of projects."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delivery.models import Enrolment
from tests.factories.impact import impact_scenario, more_brand_grants

CHILDREN, HOURS, MEASURED, IMPROVED = "服务儿童（人）", "服务时长（小时）", "完成前后测（人次）", "成效改善比例（%）"


@pytest.fixture
def scenario(wuhan_officer):
    return impact_scenario(wuhan_officer)


def _figures(client, params=None):
    response = client.get("/grants/projects/", params or {})
    assert response.status_code == 200
    return {grant.pk: dict(grant.public_figures) for grant in response.context["page"].object_list}


def test_each_project_shows_its_children_hours_and_improvement(client, scenario):
    figures = _figures(client)
    g1, g2, g3, g4 = (figures[scenario[key].pk] for key in ("g1", "g2", "g3", "g4"))
    assert (g1[CHILDREN], g1[HOURS], g1[MEASURED], g1[IMPROVED]) == ("10", "3.0", "10", "50.0")
    # Lower is better on G2's indicator: 50 → 40 is an improvement for all five.
    assert (g2[HOURS], g2[IMPROVED]) == ("1.0", "100.0")
    assert (g3[HOURS], g3[MEASURED], g3[IMPROVED]) == ("0.0", "0", "—")
    assert (g4[CHILDREN], g4[HOURS]) == ("10", "0.5")


def test_a_small_count_is_hidden_with_a_partner_in_its_brand_under_every_filter(client, scenario):
    g2, g3 = scenario["g2"].pk, scenario["g3"].pk
    figures = _figures(client)
    assert figures[g3][CHILDREN] == "<5" and figures[g2][CHILDREN] == "<5"
    # The brand's projects: two hidden, so the brand page's total (18) minus the shown 10 leaves two unknowns.
    brand = _figures(client, {"brand_program": scenario["brand"].pk})
    assert sorted(values[CHILDREN] for values in brand.values()) == ["10", "<5", "<5"]
    # Filtered down to G2 alone (福彩 excludes G3), G2 is still hidden: its partner cannot be unmasked by a filter.
    lottery = _figures(client, {"brand_program": scenario["brand"].pk, "funding_source": "welfare_lottery"})
    assert lottery[g2][CHILDREN] == "<5" and g3 not in lottery
    charity = _figures(client, {"funding_source": "charity"})
    assert list(charity) == [g3] and charity[g3][CHILDREN] == "<5"


def test_the_list_shows_no_total_of_children_to_subtract_from(client, scenario):
    body = client.get("/grants/projects/", {"funding_source": "welfare_lottery"}).content.decode()
    assert "名服务儿童" not in body and "服务儿童合计" not in body


def test_an_improvement_share_that_would_reveal_a_small_count_is_not_shown(client, scenario):
    from delivery.models import OutcomeMeasurement

    # 3 of G1's 5 worse children now improve: 8 improved, 2 not — "80 %" of 10 would reveal the 2.
    worse = OutcomeMeasurement.objects.filter(grant=scenario["g1"], phase="followup", value=45)
    OutcomeMeasurement.objects.filter(pk__in=list(worse.values_list("pk", flat=True)[:3])).update(value=70)
    assert _figures(client)[scenario["g1"].pk][IMPROVED] == "—"


def test_the_project_page_shows_the_same_figures(client, scenario):
    response = client.get(f"/grants/projects/{scenario['g3'].pk}/")
    body = response.content.decode()
    assert 'id="project-outputs"' in body
    assert dict(response.context["grant"].public_figures)[CHILDREN] == "<5"
    assert not any(name in body for name in Enrolment.objects.values_list("name", flat=True))


def test_the_list_costs_the_same_queries_with_more_projects(
    client, scenario, wuhan_officer, django_assert_max_num_queries
):
    client.get("/grants/projects/")
    with CaptureQueriesContext(connection) as few:
        client.get("/grants/projects/")
    more_brand_grants(wuhan_officer, scenario["brand"], 4)
    with django_assert_max_num_queries(len(few)):
        assert client.get("/grants/projects/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/grants/projects/{scenario['g1'].pk}/").status_code == 200
