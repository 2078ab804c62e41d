from decimal import Decimal

from cms.figures import platform_figures
from tests.factories import OrganizationFactory, make_grant


def test_home_page_shows_live_public_figures_and_the_way_to_register(client, wuhan_officer):
    OrganizationFactory(verification_status="pending")
    verified = OrganizationFactory()
    make_grant(officer=wuhan_officer, application_kwargs={"organization": verified})
    figures = platform_figures()
    assert figures["grants"] == 1
    assert figures["awarded"] > Decimal("0")
    assert figures["paid"] == Decimal("0.00")
    # the verified one, plus whatever make_grant needed; never the pending one
    assert figures["verified_organizations"] >= 1
    body = client.get("/").content.decode()
    assert "政府购买服务公开数据" in body
    assert "个立项项目" in body
    assert "/organizations/register/" in body
    assert f"{figures['awarded']:,.2f}" in body  # money grouped in thousands on Chinese pages too


def test_home_page_figures_cost_a_fixed_number_of_queries(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        assert client.get("/").status_code == 200
