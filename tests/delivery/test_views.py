"""Every delivery URL, for every kind of visitor, GET and POST; then the pages' behaviour."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, ChildCategory, Region
from delivery.models import Beneficiary, Enrolment, ServiceLog
from tests.factories.delivery import EnrolmentFactory, ServiceLogFactory, id_number
from tests.factories.grants import pdf_upload

from .test_no_clear_id import assert_not_stored

VISITORS = ["anonymous", "member", "other_member", "officer", "other_officer", "reviewer", "evaluator"]

# status per visitor, in VISITORS order
READ = [302, 200, 404, 200, 404, 404, 404]
WRITE_GET = [302, 200, 404, 403, 404, 404, 404]
FILE_GET = [302, 200, 404, 200, 404, 404, 404]  # the officer gets the reason form, not the file


@pytest.fixture
def world(grant, org_admin, other_admin, wuhan_officer, enshi_officer, reviewer, evaluator, staff):
    enrolment = EnrolmentFactory(grant=grant, consent_form=pdf_upload("consent.pdf"), created_by=org_admin)
    log = ServiceLogFactory(grant=grant, beneficiary=enrolment.beneficiary, created_by=org_admin)
    users = {
        "anonymous": None,
        "member": org_admin,
        "other_member": other_admin,
        "officer": wuhan_officer,
        "other_officer": enshi_officer,
        "reviewer": reviewer,
        "evaluator": evaluator,
    }
    return {"grant": grant, "enrolment": enrolment, "child": enrolment.beneficiary, "log": log, "users": users}


def _client(client, world, visitor):
    user = world["users"][visitor]
    if user is not None:
        client.force_login(user)
    return client


def _urls(world):
    g, e, c = world["grant"].pk, world["enrolment"].pk, world["child"].pk
    return {
        "grant_overview": (reverse("delivery:grant_overview", args=[g]), READ),
        "child_list": (reverse("delivery:child_list", args=[g]), READ),
        "log_list": (reverse("delivery:log_list", args=[g]), READ),
        "measurement_list": (reverse("delivery:measurement_list", args=[g]), READ),
        "child_add": (reverse("delivery:child_add", args=[g]), WRITE_GET),
        "log_add": (reverse("delivery:log_add", args=[g]), WRITE_GET),
        "child_edit": (reverse("delivery:child_edit", args=[e]), WRITE_GET),
        "child_file": (reverse("delivery:child_file", args=[c]), FILE_GET),
        "consent_download": (reverse("delivery:consent_download", args=[e]), [302, 200, 404, 404, 404, 404, 404]),
    }


@pytest.mark.parametrize("visitor", VISITORS)
def test_get_matrix(client, world, visitor):
    client = _client(client, world, visitor)
    for name, (url, expected) in _urls(world).items():
        response = client.get(url)
        assert response.status_code == expected[VISITORS.index(visitor)], (name, visitor)


# POST with an empty body: the member's form is redisplayed (400) or acted on; nobody else gets further than GET.
POSTS = {
    "child_add": [302, 400, 404, 403, 404, 404, 404],
    "log_add": [302, 400, 404, 403, 404, 404, 404],
    "child_edit": [302, 400, 404, 403, 404, 404, 404],
    "measurement_add": [302, 400, 404, 403, 404, 404, 404],
    "child_file": [302, 400, 404, 400, 404, 404, 404],  # no reason given
    "log_delete": [302, 302, 404, 403, 404, 404, 404],
}


@pytest.mark.parametrize("visitor", VISITORS)
def test_post_matrix(client, world, visitor):
    client = _client(client, world, visitor)
    g, e, c, log = world["grant"].pk, world["enrolment"].pk, world["child"].pk, world["log"].pk
    urls = {
        "child_add": reverse("delivery:child_add", args=[g]),
        "log_add": reverse("delivery:log_add", args=[g]),
        "child_edit": reverse("delivery:child_edit", args=[e]),
        "measurement_add": reverse("delivery:measurement_add", args=[g]),
        "child_file": reverse("delivery:child_file", args=[c]),
        "log_delete": reverse("delivery:log_delete", args=[log]),
    }
    for name, url in urls.items():
        response = client.post(url, {})
        assert response.status_code == POSTS[name][VISITORS.index(visitor)], (name, visitor)
    deleted = not ServiceLog.objects.filter(pk=log).exists()
    assert deleted == (visitor == "member")


def test_member_file_view_is_audited_without_identifying_details(client, world, org_admin):
    client.force_login(org_admin)
    child = world["child"]
    page = client.get(reverse("delivery:child_file", args=[child.pk])).content.decode()
    assert world["enrolment"].name in page
    event = AuditEvent.objects.filter(action="beneficiary.view").get()
    assert event.actor == org_admin and event.target_id == str(child.pk)
    assert world["enrolment"].name not in str(event.details) + event.target_repr
    assert child.id_masked not in str(event.details) + event.target_repr
    client.get(reverse("delivery:child_file", args=[child.pk]))
    assert AuditEvent.objects.filter(action="beneficiary.view").count() == 2


def test_officer_opens_a_file_only_with_a_reason_and_never_sees_the_name(client, world, wuhan_officer):
    client.force_login(wuhan_officer)
    url = reverse("delivery:child_file", args=[world["child"].pk])
    form_page = client.get(url).content.decode()
    assert "查阅事由" in form_page and world["child"].get_school_stage_display() not in form_page
    assert not AuditEvent.objects.filter(action="beneficiary.view").exists()
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400 and "请填写“查阅事由”" in refused.content.decode()
    assert not AuditEvent.objects.filter(action="beneficiary.view").exists()
    page = client.post(url, {"reason": "核查第二期节点服务记录"}).content.decode()
    assert world["child"].code in page and world["enrolment"].name not in page
    event = AuditEvent.objects.get(action="beneficiary.view")
    assert event.actor == wuhan_officer and event.details == {"reason": "核查第二期节点服务记录"}


def test_other_organization_sees_counts_not_staff_or_notes(client, world, other_grant, other_admin, staff):
    child = world["child"]
    ServiceLogFactory(
        grant=world["grant"], beneficiary=child, staff_member=staff, volunteer_name="", notes="家中情况复杂"
    )
    EnrolmentFactory(grant=other_grant, beneficiary=child, name="另名")
    client.force_login(other_admin)
    page = client.get(reverse("delivery:child_file", args=[child.pk])).content.decode()
    assert "另名" in page and world["enrolment"].name not in page
    assert staff.name not in page and "家中情况复杂" not in page
    assert world["grant"].organization.name in page  # the other organization's service is listed, as counts


def test_add_child_through_the_form_stores_no_clear_id(client, grant, org_admin):
    client.force_login(org_admin)
    number = id_number(77, born=datetime.date(2015, 9, 30))
    response = client.post(
        reverse("delivery:child_add", args=[grant.pk]),
        {
            "id_number": number,
            "name": "刘小红",
            "categories": [ChildCategory.objects.get(code="orphan").pk],
            "county": Region.objects.get(code="420102").pk,
            "guardian_type": "institution",
            "school_stage": "primary",
            "consent_date": timezone.localdate().isoformat(),
            "consent_by": "institution",
            "consent_form": pdf_upload("刘小红-同意书.pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    child = Beneficiary.objects.get()
    assert (child.birth_year, child.birth_month) == (2015, 9)
    enrolment = Enrolment.objects.get()
    assert "刘小红" not in enrolment.consent_form.name
    assert_not_stored(number)
    event = AuditEvent.objects.get(action="beneficiary.enrol")
    assert "刘小红" not in str(event.details) + event.target_repr


def test_add_child_form_shows_validation_messages(client, grant, org_admin):
    client.force_login(org_admin)
    response = client.post(
        reverse("delivery:child_add", args=[grant.pk]),
        {
            "id_number": "42010220150930771",
            "guardian_type": "parents",
            "school_stage": "primary",
            "consent_date": "2099-01-01",
            "consent_by": "mother",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "身份证号码应为18位，您输入了17位" in page
    assert "请至少选择一个儿童类别" in page
    assert "知情同意日期 2099-01-01 在今天之后" in page
    assert not Beneficiary.objects.exists()


def test_log_form_validation_messages(client, grant, org_admin, staff):
    from core.models import ServiceType

    client.force_login(org_admin)
    child = EnrolmentFactory(grant=grant).beneficiary
    data = {
        "date": (grant.start_date - datetime.timedelta(days=1)).isoformat(),
        "service_type": ServiceType.objects.get(code="counselling").pk,
        "form": "case",
        "minutes": 800,
        "staff_member": staff.pk,
        "volunteer_name": "张三",
        "beneficiary": child.pk,
    }
    response = client.post(reverse("delivery:log_add", args=[grant.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "不在合同期内" in page
    assert "不能超过 720 分钟" in page
    assert "二者选一" in page
    data["service_type"] = ""
    page = client.post(reverse("delivery:log_add", args=[grant.pk]), data).content.decode()
    assert "请选择“服务类型”" in page
    assert not ServiceLog.objects.exists()


def test_group_log_needs_head_count_at_least_attendees(client, grant, org_admin, staff):
    children = [EnrolmentFactory(grant=grant).beneficiary for _ in range(3)]
    client.force_login(org_admin)
    data = {
        "date": grant.start_date.isoformat(),
        "service_type": grant.call.service_types.first().pk if grant.call.service_types.exists() else 2,
        "form": "group",
        "minutes": 90,
        "staff_member": staff.pk,
        "attendees": [c.pk for c in children],
        "head_count": 2,
        "group_name": "成长小组",
    }
    from core.models import ServiceType

    data["service_type"] = ServiceType.objects.get(code="counselling").pk
    response = client.post(reverse("delivery:log_add", args=[grant.pk]), data)
    assert response.status_code == 400 and "不能少于勾选的参与儿童数（3）" in response.content.decode()
    data["head_count"] = 8
    assert client.post(reverse("delivery:log_add", args=[grant.pk]), data).status_code == 302
    log = ServiceLog.objects.get()
    assert log.attendees.count() == 3 and log.head_count == 8


@pytest.mark.parametrize("url_name", ["child_list", "log_list", "measurement_list"])
def test_list_pages_run_a_bounded_number_of_queries(client, grant, org_admin, url_name, django_assert_max_num_queries):
    for _ in range(30):
        enrolment = EnrolmentFactory(grant=grant)
        ServiceLogFactory(grant=grant, beneficiary=enrolment.beneficiary)
    client.force_login(org_admin)
    with django_assert_max_num_queries(20):
        assert client.get(reverse(f"delivery:{url_name}", args=[grant.pk])).status_code == 200


def test_grant_and_milestone_pages_show_planned_vs_delivered(client, grant, wuhan_officer):
    client.force_login(wuhan_officer)
    assert "服务数据：计划与完成" in client.get(reverse("grants:grant_detail", args=[grant.pk])).content.decode()
    milestone = grant.milestones.first()
    page = client.get(reverse("grants:milestone_detail", args=[milestone.pk])).content.decode()
    assert "截至本节点的服务数据：计划与完成" in page and milestone.due_date.isoformat() in page


def test_officer_grant_list_filters_delivery_behind_plan(client, grant, other_grant, wuhan_officer):
    from programs.models import PlannedChildren

    PlannedChildren.objects.create(
        application=other_grant.application, category=ChildCategory.objects.get(code="orphan"), count=50
    )
    client.force_login(wuhan_officer)
    page = client.get(reverse("grants:grant_list") + "?delivery_behind=1").content.decode()
    assert other_grant.contract_number in page and grant.contract_number not in page
