"""Incubation (培育孵化): officers of the region list incubating organizations with their months and support, log the
support given, and graduate an organization only when the criteria are met; members read; others see nothing."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core.models import AuditEvent, Region
from organizations.models import Incubation, IncubationStage, IncubationSupport
from tests.export_checks import body
from tests.factories import MembershipFactory, OfficerFactory, UserFactory
from tests.factories.organizations import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _incubation(organization, *, months_ago=8, program="江岸区社会组织孵化园"):
    started = timezone.localdate() - datetime.timedelta(days=int(months_ago * 30.6))
    return Incubation.objects.create(
        organization=organization, region=Region.objects.get(code="420102"), program_name=program, started_on=started
    )


@pytest.fixture
def incubating(organization):
    return _incubation(organization)


def _support(client, incubation, **overrides):
    data = {
        "given_on": timezone.localdate().isoformat(),
        "kind": "training",
        "hours": "12",
        "amount": "",
        "description": "儿童社会工作基础培训",
        **overrides,
    }
    return client.post(f"/organizations/incubations/{incubation.pk}/support/", data)


def test_the_officer_list_shows_months_and_support_and_exports_it(client, wuhan_officer, incubating):
    client.force_login(wuhan_officer)
    assert _support(client, incubating).status_code == 302
    assert _support(client, incubating, kind="supervision", hours="3.5").status_code == 302
    page = client.get("/organizations/incubations/?stage=incubating").content.decode()
    assert incubating.program_name in page and "2 / 15.5" in page
    assert f'<td class="num">{incubating.months()}</td>' in page
    response = client.get("/organizations/incubations/?stage=incubating&format=xlsx")
    rows = list(load_workbook(filename=io.BytesIO(body(response))).active.values)
    assert rows[1][0] == incubating.organization.name and rows[1][7] == 2 and rows[1][8] == 15.5


def test_another_prefectures_officer_sees_nothing_by_list_url_or_post(client, enshi_officer, incubating):
    client.force_login(enshi_officer)
    assert incubating.program_name not in client.get("/organizations/incubations/").content.decode()
    assert client.get(f"/organizations/incubations/{incubating.pk}/").status_code == 404
    assert _support(client, incubating).status_code == 404
    response = client.post(f"/organizations/incubations/{incubating.pk}/end/", {"reason": "不想要了"})
    assert response.status_code == 404
    incubating.refresh_from_db()
    assert incubating.is_open and not incubating.supports.exists()


def test_members_read_their_incubation_but_cannot_change_it(client, organization, incubating):
    member = MembershipFactory(organization=organization, user=UserFactory()).user
    client.force_login(member)
    page = client.get(f"/organizations/incubations/{incubating.pk}/").content.decode()
    assert incubating.program_name in page and "确认出壳" not in page
    assert _support(client, incubating).status_code == 403
    assert client.get("/organizations/incubations/").status_code == 403


def test_graduation_is_refused_until_every_criterion_holds_and_says_which(client, wuhan_officer, incubating):
    client.force_login(wuhan_officer)
    url = f"/organizations/incubations/{incubating.pk}/graduate/"
    response = client.post(url, {"confirmed": ["office", "finance", "project"]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "尚未达到出壳标准" in page and "在职专职人员不少于 2 人" in page and "培训和督导不少于 20 小时" in page
    incubating.refresh_from_db()
    assert incubating.is_open

    StaffMemberFactory.create_batch(2, organization=incubating.organization)
    _support(client, incubating, hours="20")
    assert client.post(url, {"confirmed": ["office", "finance"]}).status_code == 400  # one confirmation missing
    response = client.post(url, {"confirmed": ["office", "finance", "project"], "note": "运作规范"})
    assert response.status_code == 302
    incubating.refresh_from_db()
    assert incubating.stage == IncubationStage.GRADUATED and incubating.graduated_on == timezone.localdate()
    assert all(item["met"] for item in incubating.graduation_record if "met" in item)
    event = AuditEvent.objects.get(action="organizations.incubation_graduate")
    assert event.details["before"] == {"stage": "incubating"} and event.details["after"] == {"stage": "graduated"}
    # A graduated incubation takes no more support and cannot be ended.
    assert _support(client, incubating).status_code == 400
    assert client.post(f"/organizations/incubations/{incubating.pk}/end/", {"reason": "x"}).status_code == 400


def test_a_young_incubation_cannot_graduate(client, wuhan_officer, organization):
    incubation = _incubation(organization, months_ago=2)
    StaffMemberFactory.create_batch(2, organization=organization)
    client.force_login(wuhan_officer)
    _support(client, incubation, hours="30")
    response = client.post(
        f"/organizations/incubations/{incubation.pk}/graduate/", {"confirmed": ["office", "finance", "project"]}
    )
    assert response.status_code == 400 and "孵化满 6 个月" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("hours", "-1"), ("hours", "99999"), ("amount", "-5"), ("given_on", "1900-01-01"), ("given_on", "2999-01-01")],
)
def test_bad_support_records_are_refused_with_nothing_written(client, wuhan_officer, incubating, field, value):
    client.force_login(wuhan_officer)
    response = _support(client, incubating, **{field: value})
    assert response.status_code == 400
    assert not IncubationSupport.objects.exists()


def test_support_before_the_incubation_started_is_refused(client, wuhan_officer, incubating):
    client.force_login(wuhan_officer)
    before = (incubating.started_on - datetime.timedelta(days=1)).isoformat()
    response = _support(client, incubating, given_on=before)
    assert response.status_code == 400 and "孵化开始之后" in response.content.decode()


def test_ending_needs_a_reason_and_one_open_incubation_per_organization(client, wuhan_officer, incubating):
    client.force_login(wuhan_officer)
    assert client.post(f"/organizations/incubations/{incubating.pk}/end/", {"reason": " "}).status_code == 400
    new = f"/organizations/{incubating.organization_id}/incubations/new/"
    data = {"region": Region.objects.get(code="420102").pk, "program_name": "第二期", "started_on": "2026-01-05"}
    assert client.post(new, data).status_code == 400  # still one open
    assert client.post(f"/organizations/incubations/{incubating.pk}/end/", {"reason": "组织注销"}).status_code == 302
    assert client.post(new, data).status_code == 302
    assert incubating.organization.incubations.filter(stage=IncubationStage.INCUBATING).count() == 1


def test_a_member_who_is_also_an_officer_cannot_incubate_their_own_organization(client, organization, incubating):
    officer = OfficerFactory(region_code="420100", may_join_organizations=True)
    MembershipFactory(organization=organization, user=officer)
    client.force_login(officer)
    assert _support(client, incubating).status_code == 403
    assert not IncubationSupport.objects.exists()


def test_months_count_whole_months(organization):
    incubation = Incubation(organization=organization, started_on=datetime.date(2026, 1, 31))
    assert incubation.months(datetime.date(2026, 2, 27)) == 0
    assert incubation.months(datetime.date(2026, 3, 31)) == 2
