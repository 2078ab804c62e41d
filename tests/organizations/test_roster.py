from core.models import AuditEvent
from organizations.models import AnnualStatus, StaffMember
from tests.factories.organizations import AnnualStatusFactory, StaffMemberFactory

from .conftest import pdf

STAFF = {
    "name": "陈晓",
    "qualification": "intermediate",
    "certificate_number": "HB2020001",
    "position": "项目主管",
    "is_full_time": "on",
    "started_on": "2021-03-01",
    "left_on": "",
}


def test_staff_member_fills_the_roster(client, jiangan_org, staff):
    client.force_login(staff)
    response = client.post(f"/organizations/{jiangan_org.pk}/staff/new/", STAFF)
    assert response.status_code == 302
    member = StaffMember.objects.get()
    assert member.organization == jiangan_org and member.qualification == "intermediate"
    page = client.get(f"/organizations/{jiangan_org.pk}/staff/").content.decode()
    assert "陈晓" in page and "社会工作师 1 人" in page
    response = client.post(
        f"/organizations/{jiangan_org.pk}/staff/{member.pk}/edit/", {**STAFF, "left_on": "2024-06-30"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on.isoformat() == "2024-06-30"
    client.post(f"/organizations/{jiangan_org.pk}/staff/{member.pk}/delete/")
    assert not StaffMember.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"organizations.staff_create", "organizations.staff_update", "organizations.staff_delete"} <= actions


def test_qualified_staff_needs_a_certificate_number_and_dates_in_order(client, jiangan_org, admin):
    client.force_login(admin)
    response = client.post(
        f"/organizations/{jiangan_org.pk}/staff/new/",
        {**STAFF, "certificate_number": "", "left_on": "2020-01-01"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "必须填写证书编号" in body and "离职日期不能早于入职日期" in body
    assert "陈晓" in body  # typed input re-shown
    assert not StaffMember.objects.exists()


def test_officer_reads_the_roster_but_cannot_change_it(client, jiangan_org, wuhan):
    member = StaffMemberFactory(organization=jiangan_org, name="林一")
    client.force_login(wuhan)
    assert "林一" in client.get(f"/organizations/{jiangan_org.pk}/staff/").content.decode()
    assert client.post(f"/organizations/{jiangan_org.pk}/staff/new/", STAFF).status_code == 403
    assert client.post(f"/organizations/{jiangan_org.pk}/staff/{member.pk}/delete/").status_code == 403
    assert StaffMember.objects.count() == 1


def test_roster_of_another_organization_is_not_reachable(client, jiangan_org, other_member):
    member = StaffMemberFactory(organization=jiangan_org)
    client.force_login(other_member)
    assert client.get(f"/organizations/{jiangan_org.pk}/staff/{member.pk}/edit/").status_code == 404


def test_admin_submits_annual_status_with_evidence(client, jiangan_org, admin, wuhan):
    client.force_login(admin)
    response = client.post(
        f"/organizations/{jiangan_org.pk}/annual/new/",
        {"year": "2024", "result": "passed", "note": "", "evidence": pdf("2024.pdf")},
    )
    assert response.status_code == 302
    status = AnnualStatus.objects.get()
    assert status.year == 2024 and not status.is_confirmed
    assert wuhan.notifications.filter(subject__contains="2024").exists()
    evidence = client.get(f"/organizations/annual/{status.pk}/evidence/")
    assert evidence.status_code == 200


def test_annual_status_needs_evidence_and_is_final_once_confirmed(client, jiangan_org, admin, enshi):
    client.force_login(admin)
    response = client.post(f"/organizations/{jiangan_org.pk}/annual/new/", {"year": "2024", "result": "passed"})
    assert response.status_code == 400
    assert "请上传年检结论或年报回执" in response.content.decode()
    status = AnnualStatusFactory(organization=jiangan_org, year=2023)
    status.confirmed_at = status.organization.created_at
    status.save()
    response = client.post(f"/organizations/{jiangan_org.pk}/annual/new/", {"year": "2023", "result": "failed"})
    assert response.status_code == 400
    assert "已由项目官员确认" in response.content.decode()
    status.refresh_from_db()
    assert status.result == "passed"
    client.force_login(enshi)
    assert client.get(f"/organizations/annual/{status.pk}/evidence/").status_code == 404


def test_staff_cannot_submit_annual_status(client, jiangan_org, staff):
    client.force_login(staff)
    assert client.get(f"/organizations/{jiangan_org.pk}/annual/new/").status_code == 403
