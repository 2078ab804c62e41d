"""The open data lists: what each holds (and never holds), their filters, cursor pagination, query counts, and that
nothing can be written through them."""

import base64
import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from grants.models import Evaluation, GrantStatus
from grants.services import milestone_release
from organizations.models import VerificationStatus
from programs.models import CallStatus
from programs.services.funding import call_funding_save
from tests.factories import OfficerFactory, OrganizationFactory
from tests.factories.grants import approved_application, grant_call, make_grant, mark_milestones_approved
from tests.factories.programs import BrandProgramFactory, CallFactory

pytestmark = pytest.mark.django_db

D = Decimal
PERSONAL = (
    "contact_name",
    "contact_phone",
    "bureau_contact",
    "legal_representative",
    "address",
    "email",
    "李社工",
    "13800000000",
    "陈静",
    "张三",
    "027-88880000",
    "example.com",
)


def _results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_calls_lists_published_calls_only_with_their_facts(api):
    brand = BrandProgramFactory(slug="tongban", name="童伴妈妈")
    published = CallFactory(title="公开的指南", brand_program=brand)
    CallFactory(title="草稿指南", status=CallStatus.DRAFT)
    CallFactory(title="撤销的指南", status=CallStatus.CANCELLED)
    rows = _results(api("/api/v1/calls/"))
    assert [row["title"] for row in rows] == ["公开的指南"]
    row = rows[0]
    assert row["id"] == published.pk
    assert row["issuing_region"] == {"code": "420100", "name": "武汉市"}
    assert row["phase"] == "open"
    assert row["brand_program"] == {"slug": "tongban", "name": "童伴妈妈"}
    assert row["funding_split"] == [{"source": "welfare_lottery", "amount": "1000000.00"}]
    assert row["url"] == f"http://testserver/programs/calls/{published.pk}/"


def test_call_filters(api):
    CallFactory(title="武汉", region_code="420100")
    CallFactory(title="恩施", region_code="422800", funding_source="fiscal")
    CallFactory(
        title="将来",
        opens_at=timezone.now() + datetime.timedelta(days=3),
        closes_at=timezone.now() + datetime.timedelta(days=30),
    )

    def titles(**params):
        return sorted(row["title"] for row in _results(api("/api/v1/calls/", params)))

    assert titles(region="422800") == ["恩施"]
    assert titles(region="420000") == ["将来", "恩施", "武汉"]
    assert titles(funding_source="fiscal") == ["恩施"]
    assert titles(phase="upcoming") == ["将来"]
    response = api("/api/v1/calls/", {"region": "999999"})
    assert response.status_code == 400 and "region" in response.json()


def test_calls_by_category_and_service_type_come_once(api):
    from core.models import ChildCategory, ServiceType

    call = CallFactory(title="两类儿童")
    call.child_categories.set(ChildCategory.objects.filter(code__in=["orphan", "left_behind"]))
    call.service_types.set(ServiceType.objects.filter(code="counselling"))
    CallFactory(title="无类别")
    assert [row["title"] for row in _results(api("/api/v1/calls/", {"child_category": "orphan"}))] == ["两类儿童"]
    assert [row["title"] for row in _results(api("/api/v1/calls/", {"service_type": "counselling"}))] == ["两类儿童"]
    row = _results(api("/api/v1/calls/", {"child_category": "orphan"}))[0]
    assert sorted(category["code"] for category in row["child_categories"]) == ["left_behind", "orphan"]


@pytest.fixture
def grants(wuhan_officer):
    """Two grants: a co-funded one with a payment and a published evaluation, and one in 恩施."""
    call = grant_call()
    call_funding_save(
        call=call, actor=wuhan_officer, shares={"welfare_lottery": D("600000.00"), "fiscal": D("400000.00")}
    )
    cofunded = make_grant(
        officer=wuhan_officer, application=approved_application(call=call, approved_amount=D("100000.00"))
    )
    mark_milestones_approved(cofunded, count=1)
    milestone_release(
        milestone=cofunded.milestones.order_by("order").first(),
        actor=OfficerFactory(region_code="420100"),
        paid_on=timezone.localdate(),
        voucher_number="PZ-1",
    )
    Evaluation.objects.create(
        grant=cofunded,
        kind="mid_term",
        evaluator=wuhan_officer,
        status="published",
        score=D("91"),
        grade="excellent",
        summary="良好",
        assigned_by=wuhan_officer,
        published_at=timezone.now(),
        published_by=wuhan_officer,
    )
    Evaluation.objects.create(  # submitted but not published: not public
        grant=cofunded,
        kind="final",
        evaluator=wuhan_officer,
        status="submitted",
        score=D("50"),
        grade="fail",
        assigned_by=wuhan_officer,
    )
    enshi = OfficerFactory(region_code="422800")
    other = make_grant(
        officer=enshi,
        application=approved_application(
            region_code="422800", funding_source="charity", organization=OrganizationFactory(region_code="422801")
        ),
    )
    return cofunded, other


def test_grants_hold_the_360giving_facts_and_the_co_funding_split(api, grants):
    cofunded, _other = grants
    rows = {row["contract_number"]: row for row in _results(api("/api/v1/grants/"))}
    row = rows[cofunded.contract_number]
    assert row["identifier"] == f"360G-guanai-{cofunded.contract_number}"
    assert row["amount_awarded"] == "100000.00"
    assert row["amount_paid"] == "40000.00"
    assert row["currency"] == "CNY"
    assert row["award_date"] == cofunded.signed_on.isoformat()
    organization = cofunded.organization
    assert row["recipient_organization"]["id"] == f"CN-USCC-{organization.credit_code}"
    assert row["recipient_organization"]["credit_code"] == organization.credit_code
    assert row["beneficiary_locations"] == [{"code": "420102", "name": "江岸区"}]
    assert row["funding_organization"]["region_code"] == "420100"
    assert row["funding_split"] == [
        {"source": "fiscal", "amount_awarded": "40000.00", "amount_paid": "16000.00"},
        {"source": "welfare_lottery", "amount_awarded": "60000.00", "amount_paid": "24000.00"},
    ]
    assert row["evaluation_grade"] == "excellent"
    assert [evaluation["grade"] for evaluation in row["evaluations"]] == ["excellent"]
    text = str(rows)
    for word in PERSONAL:
        assert word not in text, word


def test_grant_filters(api, grants):
    cofunded, other = grants

    def numbers(**params):
        return sorted(row["contract_number"] for row in _results(api("/api/v1/grants/", params)))

    assert numbers(region="422800") == [other.contract_number]
    assert numbers(region="420102") == [cofunded.contract_number]
    assert numbers(funding_source="fiscal") == [cofunded.contract_number]  # through the co-funding split
    assert numbers(funding_source="charity") == [other.contract_number]
    assert numbers(grade="excellent") == [cofunded.contract_number]
    assert numbers(grade="fail") == []  # the unpublished evaluation does not count
    assert numbers(organization=other.organization.credit_code) == [other.contract_number]
    assert numbers(status=GrantStatus.SIGNED) == sorted([cofunded.contract_number, other.contract_number])
    assert numbers(year=cofunded.signed_on.year + 1) == []
    assert numbers(amount_min="100000.01") == [other.contract_number]
    assert api("/api/v1/grants/", {"year": "-1"}).status_code == 400


def test_organizations_are_the_verified_ones_with_public_fields_only(api):
    OrganizationFactory(name="已认证组织", region_code="420102")
    OrganizationFactory(name="待审核组织", verification_status=VerificationStatus.PENDING)
    OrganizationFactory(name="退回组织", verification_status=VerificationStatus.RETURNED)
    rows = _results(api("/api/v1/organizations/"))
    assert [row["name"] for row in rows] == ["已认证组织"]
    assert set(rows[0]) == {
        "identifier",
        "name",
        "credit_code",
        "org_type",
        "registration_region",
        "rating",
        "rating_expires_on",
        "service_regions",
        "child_categories",
        "service_types",
        "introduction",
        "url",
    }
    for word in PERSONAL:
        assert word not in str(rows), word
    assert _results(api("/api/v1/organizations/", {"region": "422800"})) == []
    assert len(_results(api("/api/v1/organizations/", {"region": "420100"}))) == 1
    assert len(_results(api("/api/v1/organizations/", {"q": "已认证"}))) == 1
    assert len(_results(api("/api/v1/organizations/", {"rating": "4A"}))) == 1
    assert _results(api("/api/v1/organizations/", {"rating": "5A"})) == []
    assert _results(api("/api/v1/organizations/", {"type": "foundation"})) == []
    assert api("/api/v1/organizations/", {"type": "x"}).status_code == 400


def test_organizations_by_service_region_and_category(api):
    from core.models import ChildCategory, Region

    serving = OrganizationFactory(name="服务恩施")
    serving.service_regions.set([Region.objects.get(code="422801")])
    serving.child_categories.set(ChildCategory.objects.filter(code__in=["orphan", "disabled"]))
    OrganizationFactory(name="其他")
    assert [row["name"] for row in _results(api("/api/v1/organizations/", {"service_region": "422800"}))] == [
        "服务恩施"
    ]
    assert [row["name"] for row in _results(api("/api/v1/organizations/", {"child_category": "orphan"}))] == [
        "服务恩施"
    ]


def test_cursor_pagination_is_stable_while_rows_are_added(api):
    for number in range(7):
        OrganizationFactory(name=f"组织{number}")
    first = api("/api/v1/organizations/", {"page_size": 3}).json()
    OrganizationFactory(name="后来的组织")  # a new row does not shift the pages already handed out
    second = api(first["next"]).json()
    third = api(second["next"]).json()
    names = [row["name"] for page in (first, second, third) for row in page["results"]]
    assert names[:7] == [f"组织{number}" for number in range(7)]
    assert names[7:] == ["后来的组织"] and third["next"] is None
    assert api("/api/v1/organizations/", {"cursor": "garbage"}).status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/calls/", "/api/v1/grants/", "/api/v1/organizations/"])
@pytest.mark.parametrize(
    "position", ["abc", "\x00", "1e309", "99999999999999999999", "-99999999999999999999", "x" * 500]
)
def test_a_forged_cursor_is_a_404_never_a_500(api, url, position):
    """The cursor is base64 of a query string the client can forge: its position must be a row id (issue 9, item 6)."""
    OrganizationFactory()

    def cursor(**tokens):
        return {"cursor": base64.b64encode(urlencode(tokens).encode()).decode()}

    assert api(url, cursor(p=position)).status_code == 404
    assert api(url, cursor(p=position, r="1")).status_code == 404
    assert api(url, cursor(o=position, p="1")).status_code in (200, 404)  # DRF caps or refuses the offset
    assert api(url, {"page_size": position}).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/calls/", "/api/v1/grants/", "/api/v1/organizations/"])
def test_query_counts_do_not_grow_with_the_rows(api, url, wuhan_officer, django_assert_max_num_queries):
    def add(count):
        for _ in range(count):
            make_grant(officer=wuhan_officer)

    add(1)
    with django_assert_max_num_queries(12) as first:
        assert api(url).status_code == 200
    add(4)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert len(api(url).json()["results"]) >= 5


@pytest.mark.parametrize("url", ["/api/v1/calls/", "/api/v1/grants/", "/api/v1/stats/year/", "/api/v1/fields/"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_can_be_written(client, url, method):
    response = getattr(client, method)(url, {}, content_type="application/json")
    assert response.status_code == 405
