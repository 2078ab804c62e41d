import datetime
import io

import pytest
from openpyxl import load_workbook

from core.models import AuditEvent
from organizations.models import Incubation
from organizations.services import organization_update
from tests.factories import OfficerFactory, OrganizationFactory
from tests.factories.organizations import AnnualStatusFactory, StaffMemberFactory


@pytest.fixture
def spread(db):
    """Organizations across Wuhan (two districts) and Enshi, in each state."""
    return {
        "jiangan_pending": OrganizationFactory(
            region_code="420102", name="江岸待审中心", verification_status="pending"
        ),
        "hongshan_verified": OrganizationFactory(region_code="420111", name="洪山已认证中心", rating="5A"),
        "wuhan_returned": OrganizationFactory(
            region_code="420100", name="武汉退回协会", verification_status="returned", org_type="association"
        ),
        "enshi_pending": OrganizationFactory(region_code="422800", name="恩施待审中心", verification_status="pending"),
    }


def _names(response):
    return {o.name for o in response.context["page"]}


def test_queue_shows_only_the_officers_region_and_defaults_to_what_awaits(client, wuhan, spread):
    client.force_login(wuhan)
    response = client.get("/organizations/officer/")
    assert response.status_code == 200
    assert _names(response) == {"江岸待审中心"}
    everything = client.get("/organizations/officer/?status=")
    assert _names(everything) == {"江岸待审中心", "洪山已认证中心", "武汉退回协会"}


def test_verified_profile_with_changed_facts_appears_in_the_queue(client, wuhan, spread):
    organization = spread["hongshan_verified"]
    organization_update(
        organization=organization,
        data={"name": "洪山新名称"},
        actor=_admin_of(organization),
    )
    client.force_login(wuhan)
    assert "洪山已认证中心" in _names(client.get("/organizations/officer/"))
    assert _names(client.get("/organizations/officer/?status=changes")) == {"洪山已认证中心"}


def _admin_of(organization):
    from tests.factories import MembershipFactory

    return MembershipFactory(organization=organization, role="admin").user


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=verified", {"洪山已认证中心"}),
        ("status=returned", {"武汉退回协会"}),
        ("status=&org_type=association", {"武汉退回协会"}),
        ("status=&rating=5A", {"洪山已认证中心"}),
        ("status=&q=洪山", {"洪山已认证中心"}),
        (
            "status=&registered_after=2016-01-01&registered_before=2016-01-01",
            {"江岸待审中心", "洪山已认证中心", "武汉退回协会"},
        ),
        ("status=&registered_after=2017-01-01", set()),
    ],
)
def test_queue_filters(client, wuhan, spread, query, expected):
    client.force_login(wuhan)
    assert _names(client.get(f"/organizations/officer/?{query}")) == expected


def test_queue_filters_by_region_and_credit_code(client, wuhan, spread):
    client.force_login(wuhan)
    hongshan = spread["hongshan_verified"]
    response = client.get(f"/organizations/officer/?status=&region={hongshan.registration_region_id}")
    assert _names(response) == {"洪山已认证中心"}
    response = client.get(f"/organizations/officer/?status=&q={hongshan.credit_code[-6:].lower()}")
    assert _names(response) == {"洪山已认证中心"}
    # a region outside the officer's scope is not a valid choice: the list stays within the officer's region
    enshi_region = spread["enshi_pending"].registration_region_id
    response = client.get(f"/organizations/officer/?status=&region={enshi_region}")
    assert "恩施待审中心" not in _names(response)
    assert "region" in response.context["filter"].form.errors


def _populate(count):
    for _ in range(count):
        organization = OrganizationFactory(region_code="420102", verification_status="pending")
        StaffMemberFactory(organization=organization)
        StaffMemberFactory(organization=organization, qualification="none", certificate_number="")


@pytest.mark.parametrize("count", [3, 30])
def test_queue_query_count_does_not_grow_with_organizations(client, wuhan, django_assert_max_num_queries, count):
    _populate(count)
    client.force_login(wuhan)
    with django_assert_max_num_queries(12):
        response = client.get("/organizations/officer/")
    assert response.status_code == 200
    assert len(response.context["page"]) == min(count, 25)


@pytest.mark.parametrize("count", [3, 30])
def test_export_query_count_does_not_grow(client, wuhan, django_assert_max_num_queries, count):
    _populate(count)
    client.force_login(wuhan)
    with django_assert_max_num_queries(8):
        response = client.get("/organizations/officer/export/?status=")
    assert response.status_code == 200


def test_export_is_the_filtered_list_with_chinese_headers_and_writes_no_audit(client, wuhan, spread):
    StaffMemberFactory(organization=spread["hongshan_verified"])
    client.force_login(wuhan)
    before = AuditEvent.objects.count()
    response = client.get("/organizations/officer/export/?status=verified")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("组织名称", "统一社会信用代码", "组织类型")
    assert "持证社工数" in rows[0]
    assert [r[0] for r in rows[1:]] == ["洪山已认证中心"]
    assert rows[1][rows[0].index("持证社工数")] == 1
    assert AuditEvent.objects.count() == before


def test_non_officers_cannot_open_the_queue(client, admin):
    client.force_login(admin)
    assert client.get("/organizations/officer/").status_code == 403
    assert client.get("/organizations/officer/export/").status_code == 403


def test_officer_verifies_a_pending_organization(client, wuhan, spread):
    organization = spread["jiangan_pending"]
    admin = _admin_of(organization)
    client.force_login(wuhan)
    page = client.get(f"/organizations/{organization.pk}/").content.decode()
    assert "审核通过" in page
    response = client.post(f"/organizations/{organization.pk}/verify/", {"note": "资料齐全"})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.verification_status == "verified"
    assert organization.verified_by == wuhan
    event = AuditEvent.objects.get(action="organizations.verify")
    assert event.actor == wuhan
    assert admin.notifications.filter(subject__contains="通过审核").exists()
    # verifying twice is refused with a message
    again = client.post(f"/organizations/{organization.pk}/verify/", {"note": ""})
    assert again.status_code == 400
    assert "没有待审核的法定信息变更" in again.content.decode()


def test_return_needs_a_reason_which_the_organization_reads(client, wuhan, spread):
    organization = spread["jiangan_pending"]
    admin = _admin_of(organization)
    client.force_login(wuhan)
    response = client.post(f"/organizations/{organization.pk}/return/", {"reason": "  "})
    assert response.status_code == 400
    assert "必须填写退回原因" in response.content.decode()
    organization.refresh_from_db()
    assert organization.verification_status == "pending"
    client.post(f"/organizations/{organization.pk}/return/", {"reason": "登记证书照片模糊，请重新上传。"})
    organization.refresh_from_db()
    assert organization.verification_status == "returned"
    assert admin.notifications.filter(body__contains="登记证书照片模糊").exists()
    history = client.get(f"/organizations/{organization.pk}/").content.decode()
    assert "退回：登记证书照片模糊" in history  # the officer's record of decisions
    client.force_login(admin)
    assert "登记证书照片模糊" in client.get(f"/organizations/{organization.pk}/").content.decode()
    assert "登记证书照片模糊" in client.get("/portal/").content.decode()


def test_officer_of_another_prefecture_gets_404_everywhere(client, enshi, spread):
    organization = spread["jiangan_pending"]
    client.force_login(enshi)
    for url in (
        f"/organizations/{organization.pk}/",
        f"/organizations/{organization.pk}/members/",
        f"/organizations/{organization.pk}/staff/",
        f"/organizations/{organization.pk}/incubations/new/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/organizations/{organization.pk}/verify/", {"note": ""}).status_code == 404
    assert client.post(f"/organizations/{organization.pk}/return/", {"reason": "x"}).status_code == 404
    organization.refresh_from_db()
    assert organization.verification_status == "pending"
    assert "江岸待审中心" not in client.get("/organizations/officer/?status=").content.decode()


def test_members_cannot_verify_their_own_organization(client, spread):
    organization = spread["jiangan_pending"]
    client.force_login(_admin_of(organization))
    response = client.post(f"/organizations/{organization.pk}/verify/", {"note": ""})
    assert response.status_code == 403
    assert "项目官员" in response.content.decode()


def test_officer_confirms_annual_status_once(client, wuhan, enshi, spread):
    status = AnnualStatusFactory(organization=spread["hongshan_verified"], year=2024)
    client.force_login(enshi)
    assert client.post(f"/organizations/annual/{status.pk}/confirm/").status_code == 404
    client.force_login(wuhan)
    assert client.post(f"/organizations/annual/{status.pk}/confirm/").status_code == 302
    status.refresh_from_db()
    assert status.confirmed_by == wuhan
    client.post(f"/organizations/annual/{status.pk}/confirm/")
    assert AuditEvent.objects.filter(action="organizations.annual_confirm").count() == 1


def test_officer_marks_incubation_and_ends_it_with_a_reason(client, wuhan, spread):
    organization = spread["hongshan_verified"]
    client.force_login(wuhan)
    assert client.get(f"/organizations/{organization.pk}/incubations/new/").status_code == 200
    response = client.post(
        f"/organizations/{organization.pk}/incubations/new/",
        {
            "region": organization.registration_region_id,
            "program_name": "洪山区社会组织孵化基地",
            "started_on": "2025-03-01",
            "stage": "incubating",
        },
    )
    assert response.status_code == 302
    incubation = Incubation.objects.get()
    assert incubation.created_by == wuhan and incubation.started_on == datetime.date(2025, 3, 1)
    # Graduating goes through the criteria (tests/organizations/test_incubation.py); ending needs a reason.
    client.post(f"/organizations/incubations/{incubation.pk}/end/", {"reason": "组织迁出本区"})
    incubation.refresh_from_db()
    assert incubation.stage == "ended" and incubation.end_reason == "组织迁出本区"
    assert AuditEvent.objects.filter(action__startswith="organizations.incubation").count() == 2


def test_incubation_region_outside_the_officer_scope_is_refused(client, wuhan, spread):
    organization = spread["hongshan_verified"]
    client.force_login(wuhan)
    response = client.post(
        f"/organizations/{organization.pk}/incubations/new/",
        {
            "region": spread["enshi_pending"].registration_region_id,
            "program_name": "x",
            "started_on": "2025-03-01",
            "stage": "incubating",
        },
    )
    assert response.status_code == 400
    assert not Incubation.objects.exists()


def test_officer_portal_card_links_to_the_queue(client, wuhan, spread):
    AnnualStatusFactory(organization=spread["hongshan_verified"], year=2024)
    AnnualStatusFactory(organization=spread["enshi_pending"], year=2024)  # not Wuhan's
    client.force_login(wuhan)
    page = client.get("/portal/").content.decode()
    assert "/organizations/officer/" in page
    assert "1 个社会组织等待审核" in page
    assert "待确认的年检年报（1）" in page


def test_queue_filter_for_unconfirmed_annual_status(client, wuhan, spread):
    AnnualStatusFactory(organization=spread["hongshan_verified"], year=2024)
    client.force_login(wuhan)
    assert _names(client.get("/organizations/officer/?status=&annual_unconfirmed=on")) == {"洪山已认证中心"}


def test_incubation_counts_per_prefecture(db, spread):
    from organizations.selectors import incubation_counts
    from tests.factories import region

    Incubation.objects.create(
        organization=spread["hongshan_verified"], region=region("420111"), program_name="p", started_on="2025-01-01"
    )
    Incubation.objects.create(
        organization=spread["enshi_pending"], region=region("422801"), program_name="q", started_on="2025-01-01"
    )
    Incubation.objects.create(
        organization=spread["wuhan_returned"],
        region=region("420100"),
        program_name="r",
        started_on="2020-01-01",
        stage="ended",
    )
    assert sorted(incubation_counts(region("420000"))) == sorted([("武汉市", 1), (region("422800").name, 1)])
    assert incubation_counts(region("420100")) == [("武汉市", 1)]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=&registered_after=not-a-date", "registered_after"),
        ("status=bogus", "status"),
        ("status=&registered_after=2020-01-01&registered_before=2019-01-01", "registered_before"),
    ],
)
def test_a_mistyped_filter_is_named_with_400_and_is_not_exported(client, wuhan, spread, query, field):
    client.force_login(wuhan)
    response = client.get(f"/organizations/officer/?{query}")
    assert response.status_code == 400
    assert field in response.context["filter"].form.errors
    assert "筛选条件有误" in response.content.decode()
    export = client.get(f"/organizations/officer/export/?{query}")
    assert export.status_code == 400
    assert not export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "未导出 Excel" in export.content.decode()


def test_inverted_registration_dates_say_which_field_and_why(client, wuhan, spread):
    client.force_login(wuhan)
    response = client.get("/organizations/officer/?status=&registered_after=2020-01-01&registered_before=2019-01-01")
    assert "“登记日期不晚于”不能早于“登记日期不早于”" in response.content.decode()


def test_lists_and_export_name_a_district_with_its_prefecture(client, db):
    OrganizationFactory(region_code="420102", name="江岸中心")
    OrganizationFactory(region_code="422800", name="恩施州中心")
    client.force_login(OfficerFactory(region_code="420000"))
    body = client.get("/organizations/officer/?status=").content.decode()
    assert "武汉市江岸区" in body and "恩施土家族苗族自治州" in body
    sheet = load_workbook(io.BytesIO(client.get("/organizations/officer/export/?status=").getvalue())).active
    assert {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"武汉市江岸区", "恩施土家族苗族自治州"}
    assert "武汉市江岸区" in client.get("/organizations/directory/").content.decode()
