"""The officer's payments (拨付记录, /grants/payments/): scoped to the region, filtered, totalled, exported."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.funding import record_payment_funding
from grants.models import MilestoneStatus, Payment
from programs.models import FundingSource
from tests.export_checks import FORMULA, assert_formula_inert, body, download
from tests.factories import OfficerFactory, OrganizationFactory, make_grant
from tests.factories.grants import approved_application
from tests.factories.programs import BrandProgramFactory

pytestmark = pytest.mark.django_db

URL = "/grants/payments/"
DAY = datetime.date(2026, 3, 10)


def _grant(officer, organization, region_code="420100", **call_kwargs):
    application = approved_application(organization=organization, region_code=region_code, **call_kwargs)
    return make_grant(officer=officer, application=application)


def _pay(grant, order, *, paid_on=DAY, released_by, split=True):
    """A released tranche, as ``milestone_release`` leaves it (the release flow itself is tested elsewhere)."""
    milestone = grant.milestones.get(order=order)
    milestone.status = MilestoneStatus.PAID
    milestone.save(update_fields=["status"])
    payment = Payment.objects.create(
        milestone=milestone,
        amount=milestone.payment_amount,
        paid_on=paid_on,
        voucher_number=f"PZ-{grant.pk}-{order}",
        released_by=released_by,
    )
    if split:
        record_payment_funding(payment)
    return payment


@pytest.fixture
def county_officer(db):
    return OfficerFactory(username="officer_jiangan", region_code="420102")


@pytest.fixture
def world(wuhan_officer, wuhan_officer2, enshi_officer, organization):
    """武汉: a city grant (two payments, 福彩) and a 江岸区 grant (one payment, 财政, a brand); 恩施: one payment."""
    brand = BrandProgramFactory()
    city = _grant(wuhan_officer, organization)
    county = _grant(
        wuhan_officer, organization, region_code="420102", funding_source=FundingSource.FISCAL, brand_program=brand
    )
    enshi = _grant(enshi_officer, organization, region_code="422800")
    return {
        "brand": brand,
        "city": city,
        "county": county,
        "enshi": enshi,
        "city1": _pay(city, 1, paid_on=datetime.date(2026, 1, 5), released_by=wuhan_officer2),
        "city2": _pay(city, 2, paid_on=datetime.date(2026, 2, 5), released_by=wuhan_officer2),
        "county1": _pay(county, 1, paid_on=datetime.date(2026, 3, 5), released_by=wuhan_officer2),
        "enshi1": _pay(enshi, 1, released_by=enshi_officer),
    }


def _vouchers(response) -> list[str]:
    return [payment.voucher_number for payment in response.context["page"].object_list]


def test_officer_sees_the_payments_of_their_region_newest_first(client, wuhan_officer, wuhan_officer2, world):
    client.force_login(wuhan_officer)
    response = client.get(URL)
    assert response.status_code == 200
    assert _vouchers(response) == [world[k].voucher_number for k in ("county1", "city2", "city1")]
    html = response.content.decode()
    assert world["enshi"].contract_number not in html
    assert wuhan_officer2.display_name in html and "江岸区" in html
    assert 'href="?format=xlsx"' in html


def test_a_county_officer_sees_only_their_county(client, county_officer, world):
    client.force_login(county_officer)
    assert _vouchers(client.get(URL)) == [world["county1"].voucher_number]


def test_the_total_is_every_filtered_payment_as_a_decimal(client, wuhan_officer, world):
    client.force_login(wuhan_officer)
    total = client.get(URL).context["total"]
    expected = sum((world[k].amount for k in ("city1", "city2", "county1")), Decimal(0))
    assert isinstance(total, Decimal) and total == expected
    since_february = client.get(URL, {"paid_from": "2026-02-01"}).context["total"]
    assert since_february == world["city2"].amount + world["county1"].amount
    assert client.get(URL, {"paid_from": "2030-01-01"}).context["total"] == Decimal("0.00")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"paid_from": "2026-02-01", "paid_to": "2026-02-28"}, ["city2"]),
        ({"region": "420102"}, ["county1"]),
        ({"funding_source": FundingSource.FISCAL}, ["county1"]),
        ({"funding_source": FundingSource.WELFARE_LOTTERY}, ["city2", "city1"]),
        ({"brand_program": "brand"}, ["county1"]),
    ],
)
def test_filters(client, wuhan_officer, world, query, expected):
    from core.models import Region

    if "region" in query:
        query = {"region": Region.objects.get(code=query["region"]).pk}
    if "brand_program" in query:
        query = {"brand_program": world["brand"].pk}
    client.force_login(wuhan_officer)
    assert _vouchers(client.get(URL, query)) == [world[k].voucher_number for k in expected]


def test_a_payment_without_a_split_counts_for_its_grants_source(client, wuhan_officer, wuhan_officer2, organization):
    grant = _grant(wuhan_officer, organization, funding_source=FundingSource.CHARITY)
    payment = _pay(grant, 1, released_by=wuhan_officer2, split=False)
    client.force_login(wuhan_officer)
    assert _vouchers(client.get(URL, {"funding_source": FundingSource.CHARITY})) == [payment.voucher_number]
    assert _vouchers(client.get(URL, {"funding_source": FundingSource.FISCAL})) == []


def test_xlsx_is_exactly_the_filtered_rows_with_formulas_neutralised(client, wuhan_officer, wuhan_officer2, world):
    hostile = _grant(wuhan_officer, OrganizationFactory(region_code="420102", name=FORMULA))
    assert hostile.title.startswith("=")
    _pay(hostile, 1, released_by=wuhan_officer2)
    client.force_login(wuhan_officer)
    everything = download(client, URL + "?format=xlsx")
    assert sorted(everything.column("合同编号")) == sorted(
        [world["city"].contract_number] * 2 + [world["county"].contract_number, hostile.contract_number]
    )
    assert world["enshi"].contract_number not in everything.texts()
    assert_formula_inert(everything)
    assert f"'{hostile.title}" in everything.column("项目名称")

    export = download(client, URL + "?paid_from=2026-02-01&paid_to=2026-02-28&format=xlsx")
    assert export.column("凭证号") == [world["city2"].voucher_number]
    assert export.column("拨付金额（元）") == [float(world["city2"].amount)]
    assert export.column("其中福彩公益金（元）") == [float(world["city2"].amount)]
    assert export.column("其中财政资金（元）") == [None]
    assert export.column("拨付人") == [world["city2"].released_by.display_name]


def test_a_mistyped_filter_is_named_and_nothing_is_exported(client, wuhan_officer, world):
    client.force_login(wuhan_officer)
    page = client.get(URL, {"paid_from": "2026-13-45"})
    assert page.status_code == 400
    assert "拨付日期从" in page.content.decode()
    export = client.get(URL, {"paid_from": "2026-13-45", "format": "xlsx"})
    assert export.status_code == 400
    assert export["Content-Type"].startswith("text/html")
    assert "未导出 Excel" in body(export).decode()


def test_organization_members_and_the_anonymous_are_refused(client, member_client, world):
    assert member_client.get(URL).status_code == 403
    assert member_client.get(URL + "?format=xlsx").status_code == 403
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_queries_do_not_grow_with_rows(client, wuhan_officer, wuhan_officer2, organization):
    brand = BrandProgramFactory()
    grant = _grant(wuhan_officer, organization, brand_program=brand)
    _pay(grant, 1, released_by=wuhan_officer2)
    client.force_login(wuhan_officer)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get(URL)  # fills the filter's drop-down options in the cache (core.choices)
    few_page, few_export = count(URL), download(client, URL + "?format=xlsx").queries
    other = _grant(
        wuhan_officer,
        OrganizationFactory(region_code="420102"),
        funding_source=FundingSource.FISCAL,
        brand_program=BrandProgramFactory(),
    )
    _pay(grant, 2, released_by=wuhan_officer2)
    _pay(other, 1, released_by=wuhan_officer)
    _pay(other, 2, released_by=wuhan_officer2)
    assert len(client.get(URL).context["page"].object_list) == 4
    assert count(URL) == few_page
    assert download(client, URL + "?format=xlsx").queries == few_export


def test_linked_from_the_portal_card_and_the_release_queue(client, wuhan_officer):
    client.force_login(wuhan_officer)
    assert 'href="/grants/payments/"' in client.get("/grants/milestones/?queue=release").content.decode()
    from grants.portal_cards import grant_cards

    links = [link.url for card in grant_cards(wuhan_officer) for link in card.links]
    assert "/grants/payments/" in links
