import pytest

from core.models import AuditEvent, Notification, Region
from organizations.models import Organization
from organizations.services import organization_update
from tests.factories import OrganizationFactory, credit_code

from .conftest import pdf


def _form_data(organization, **overrides):
    data = {
        "name": organization.name,
        "credit_code": organization.credit_code,
        "org_type": organization.org_type,
        "registration_region": organization.registration_region_id,
        "registered_on": organization.registered_on.isoformat(),
        "legal_representative": organization.legal_representative,
        "address": organization.address,
        "contact_phone": organization.contact_phone,
        "contact_email": organization.contact_email,
        "introduction": organization.introduction,
        "rating": organization.rating,
        "rating_expires_on": organization.rating_expires_on.isoformat() if organization.rating_expires_on else "",
    }
    data.update(overrides)
    return data


def test_changing_legal_facts_of_a_verified_profile_waits_and_old_facts_stay(client, jiangan_org, admin, wuhan):
    client.force_login(admin)
    old_name = jiangan_org.name
    response = client.post(
        f"/organizations/{jiangan_org.pk}/edit/",
        _form_data(jiangan_org, name="江岸区童心儿童服务中心", contact_phone="027-11112222"),
    )
    assert response.status_code == 302
    jiangan_org.refresh_from_db()
    assert jiangan_org.name == old_name  # still in force
    assert jiangan_org.is_verified
    assert jiangan_org.pending_legal_facts == {"name": "江岸区童心儿童服务中心"}
    assert jiangan_org.contact_phone == "027-11112222"  # other facts apply at once
    assert Notification.objects.filter(recipient=wuhan, subject__contains="法定信息变更").exists()
    page = client.get(f"/organizations/{jiangan_org.pk}/").content.decode()
    assert "待审核的法定信息变更" in page and "江岸区童心儿童服务中心" in page
    # saving another change keeps the waiting one (the form shows the proposed value)
    edit_page = client.get(f"/organizations/{jiangan_org.pk}/edit/").content.decode()
    assert 'value="江岸区童心儿童服务中心"' in edit_page
    client.post(
        f"/organizations/{jiangan_org.pk}/edit/",
        _form_data(jiangan_org, name="江岸区童心儿童服务中心", address="新地址 1 号"),
    )
    jiangan_org.refresh_from_db()
    assert jiangan_org.pending_legal_facts == {"name": "江岸区童心儿童服务中心"}
    assert jiangan_org.address == "新地址 1 号"


def test_officer_accepts_changed_facts_which_then_come_into_force(client, jiangan_org, admin, wuhan):
    organization_update(organization=jiangan_org, data={"legal_representative": "王五"}, actor=admin)
    client.force_login(wuhan)
    assert "通过法定信息变更" in client.get(f"/organizations/{jiangan_org.pk}/").content.decode()
    response = client.post(f"/organizations/{jiangan_org.pk}/verify/", {"note": ""})
    assert response.status_code == 302
    jiangan_org.refresh_from_db()
    assert jiangan_org.legal_representative == "王五"
    assert jiangan_org.pending_legal_facts == {}
    assert AuditEvent.objects.filter(action="organizations.verify_changes").exists()
    assert Notification.objects.filter(recipient=admin).exists()


def test_officer_refuses_changed_facts_with_a_reason(client, jiangan_org, admin, wuhan):
    organization_update(organization=jiangan_org, data={"org_type": "foundation"}, actor=admin)
    client.force_login(wuhan)
    client.post(f"/organizations/{jiangan_org.pk}/return/", {"reason": "请上传变更后的登记证书。"})
    jiangan_org.refresh_from_db()
    assert jiangan_org.org_type == "social_service_agency"
    assert jiangan_org.pending_legal_facts == {}
    assert jiangan_org.is_verified
    client.force_login(admin)
    assert "请上传变更后的登记证书。" in client.get(f"/organizations/{jiangan_org.pk}/").content.decode()


def test_legal_facts_of_a_pending_profile_change_at_once(jiangan_org, admin):
    jiangan_org.verification_status = "pending"
    jiangan_org.save()
    organization_update(organization=jiangan_org, data={"name": "新名称"}, actor=admin)
    jiangan_org.refresh_from_db()
    assert jiangan_org.name == "新名称" and jiangan_org.pending_legal_facts == {}


def test_staff_cannot_edit_the_profile_or_its_legal_facts(client, jiangan_org, staff):
    client.force_login(staff)
    assert client.get(f"/organizations/{jiangan_org.pk}/edit/").status_code == 403
    response = client.post(f"/organizations/{jiangan_org.pk}/edit/", _form_data(jiangan_org, name="偷改的名称"))
    assert response.status_code == 403
    assert "只有本组织的管理员" in response.content.decode()
    jiangan_org.refresh_from_db()
    assert jiangan_org.name != "偷改的名称" and jiangan_org.pending_legal_facts == {}


def test_changing_to_a_taken_credit_code_is_refused(client, jiangan_org, admin):
    other = OrganizationFactory()
    client.force_login(admin)
    response = client.post(
        f"/organizations/{jiangan_org.pk}/edit/", _form_data(jiangan_org, credit_code=other.credit_code)
    )
    assert response.status_code == 400
    assert "已被平台上的另一个社会组织登记" in response.content.decode()
    jiangan_org.refresh_from_db()
    assert jiangan_org.pending_legal_facts == {}


def test_returned_profile_goes_back_to_the_queue_when_saved(client, jiangan_org, admin, wuhan):
    jiangan_org.verification_status = "returned"
    jiangan_org.verification_note = "登记证书不清晰"
    jiangan_org.save()
    client.force_login(admin)
    page = client.get(f"/organizations/{jiangan_org.pk}/").content.decode()
    assert "登记证书不清晰" in page
    response = client.post(
        f"/organizations/{jiangan_org.pk}/edit/",
        {**_form_data(jiangan_org), "registration_certificate": pdf("clear.pdf")},
    )
    assert response.status_code == 302
    jiangan_org.refresh_from_db()
    assert jiangan_org.verification_status == "pending"
    assert jiangan_org.registration_certificate.name.endswith(".pdf")
    assert Notification.objects.filter(recipient=wuhan, subject__contains="重新提交").exists()


def test_expired_rating_on_edit_is_refused(client, jiangan_org, admin):
    client.force_login(admin)
    response = client.post(
        f"/organizations/{jiangan_org.pk}/edit/", _form_data(jiangan_org, rating_expires_on="2021-01-01")
    )
    assert response.status_code == 400
    assert "过期" in response.content.decode()


@pytest.fixture
def with_certificate(jiangan_org):
    jiangan_org.registration_certificate.save("reg.pdf", pdf())
    return jiangan_org


@pytest.mark.parametrize(
    ("who", "expected"),
    [("admin", 200), ("staff", 200), ("wuhan", 200), ("enshi", 404), ("other_member", 404)],
)
def test_certificates_are_served_only_to_members_and_covering_officers(
    client, with_certificate, request, who, expected
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(f"/organizations/{with_certificate.pk}/documents/registration/")
    assert response.status_code == expected
    if expected == 200:
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_anonymous_visitor_is_sent_to_login_for_documents(client, with_certificate):
    response = client.get(f"/organizations/{with_certificate.pk}/documents/registration/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_missing_document_is_404(client, jiangan_org, admin):
    client.force_login(admin)
    assert client.get(f"/organizations/{jiangan_org.pk}/documents/rating/").status_code == 404
    assert client.get(f"/organizations/{jiangan_org.pk}/documents/other/").status_code == 404


def test_private_files_are_not_in_public_media(jiangan_org, with_certificate):
    from django.core.files.storage import storages

    assert not storages["default"].exists(with_certificate.registration_certificate.name)


def test_moving_the_registering_authority_waits_for_the_current_officer(client, jiangan_org, admin, wuhan, enshi):
    enshi_region = Region.objects.get(code="422800")
    organization_update(organization=jiangan_org, data={"registration_region": enshi_region}, actor=admin)
    jiangan_org.refresh_from_db()
    assert jiangan_org.registration_region.code == "420102"
    assert jiangan_org.pending_legal_facts == {"registration_region": enshi_region.pk}
    client.force_login(wuhan)
    assert "恩施" in client.get(f"/organizations/{jiangan_org.pk}/").content.decode()
    client.post(f"/organizations/{jiangan_org.pk}/verify/", {"note": "同意迁移"})
    assert Organization.objects.get(pk=jiangan_org.pk).registration_region == enshi_region
    assert client.get(f"/organizations/{jiangan_org.pk}/").status_code == 404  # now Enshi's
    client.force_login(enshi)
    assert client.get(f"/organizations/{jiangan_org.pk}/").status_code == 200


def test_accepting_a_credit_code_taken_meanwhile_is_refused(client, jiangan_org, admin, wuhan):
    new_code = credit_code(555)
    organization_update(organization=jiangan_org, data={"credit_code": new_code}, actor=admin)
    OrganizationFactory(credit_code=new_code)  # e.g. created by an admin in the meantime
    client.force_login(wuhan)
    response = client.post(f"/organizations/{jiangan_org.pk}/verify/", {"note": ""})
    assert response.status_code == 400
    assert "已被平台上的另一个社会组织登记" in response.content.decode()
    jiangan_org.refresh_from_db()
    assert jiangan_org.credit_code != new_code and jiangan_org.pending_legal_facts == {"credit_code": new_code}
