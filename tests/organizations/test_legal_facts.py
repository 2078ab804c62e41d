"""Facts that eligibility and the public directory rely on (rating, its expiry, the registration date, the
certificates) are legal facts: on a verified profile a change waits for an officer, and every edit is audited field by
field."""

import datetime
import re

from core.models import AuditEvent
from organizations.models import Organization
from organizations.services import organization_update

from .conftest import pdf
from .test_profile import _form_data


def _edit(client, organization, **overrides):
    return client.post(f"/organizations/{organization.pk}/edit/", _form_data(organization, **overrides))


def test_a_verified_organization_cannot_raise_its_own_rating_or_age(client, jiangan_org, admin):
    client.force_login(admin)
    response = _edit(
        client, jiangan_org, rating="5A", rating_expires_on="2035-12-31", registered_on="2001-01-01", address="新址"
    )
    assert response.status_code == 302
    jiangan_org.refresh_from_db()
    # in force: what the officer verified
    assert (jiangan_org.rating, jiangan_org.rating_expires_on) == ("4A", datetime.date(2030, 12, 31))
    assert jiangan_org.registered_on == datetime.date(2016, 1, 1)
    assert jiangan_org.pending_legal_facts == {
        "rating": "5A",
        "rating_expires_on": "2035-12-31",
        "registered_on": "2001-01-01",
    }
    assert jiangan_org.address == "新址"  # contact details still apply at once
    directory = client.get(f"/organizations/directory/{jiangan_org.pk}/").content.decode()
    # the rating as a word on the page (a random CSRF token may contain the letters "5A")
    directory = re.sub(r'value="[^"]*"', "", directory)
    assert re.search(r"(?<![0-9A-Za-z])4A(?![0-9A-Za-z])", directory)
    assert not re.search(r"(?<![0-9A-Za-z])5A(?![0-9A-Za-z])", directory)
    assert Organization.objects.awaiting_officer().filter(pk=jiangan_org.pk).exists()


def test_dropping_the_rating_waits_too_and_clears_its_expiry_with_it(jiangan_org, admin):
    organization_update(organization=jiangan_org, data={"rating": "", "rating_expires_on": None}, actor=admin)
    jiangan_org.refresh_from_db()
    assert jiangan_org.rating == "4A"
    assert jiangan_org.pending_legal_facts == {"rating": "", "rating_expires_on": None}


def test_the_officer_sees_the_pending_rating_and_accepting_applies_it(client, jiangan_org, admin, wuhan):
    client.force_login(admin)
    _edit(client, jiangan_org, rating="5A", rating_expires_on="2035-12-31")
    client.force_login(wuhan)
    page = client.get(f"/organizations/{jiangan_org.pk}/").content.decode()
    assert "待审核的法定信息变更" in page
    assert "等级评估" in page and "5A" in page and "2035-12-31" in page
    assert "通过法定信息变更" in page
    response = client.post(f"/organizations/{jiangan_org.pk}/verify/", {"note": "核对证书无误"})
    assert response.status_code == 302
    jiangan_org.refresh_from_db()
    assert (jiangan_org.rating, jiangan_org.rating_expires_on) == ("5A", datetime.date(2035, 12, 31))
    assert jiangan_org.pending_legal_facts == {}
    assert "5A" in client.get(f"/organizations/directory/{jiangan_org.pk}/").content.decode()


def test_a_new_rating_certificate_waits_and_the_officer_can_read_it(client, jiangan_org, admin, wuhan, staff):
    jiangan_org.rating_certificate.save("old.pdf", pdf())
    old_name = jiangan_org.rating_certificate.name
    client.force_login(admin)
    response = client.post(
        f"/organizations/{jiangan_org.pk}/edit/",
        {**_form_data(jiangan_org, rating="5A"), "rating_certificate": pdf("5a.pdf", b"%PDF-1.4\n%5A\n")},
    )
    assert response.status_code == 302
    jiangan_org.refresh_from_db()
    assert jiangan_org.rating_certificate.name == old_name  # the verified certificate stays in force
    assert "rating_certificate" in jiangan_org.pending_legal_facts
    # saving the profile again without a file keeps the waiting certificate
    _edit(client, jiangan_org, rating="5A", contact_phone="027-1")
    jiangan_org.refresh_from_db()
    assert "rating_certificate" in jiangan_org.pending_legal_facts
    client.force_login(wuhan)
    pending = client.get(f"/organizations/{jiangan_org.pk}/documents/pending-rating/")
    assert pending.status_code == 200
    assert b"".join(pending.streaming_content) == b"%PDF-1.4\n%5A\n"
    client.post(f"/organizations/{jiangan_org.pk}/verify/", {"note": ""})
    jiangan_org.refresh_from_db()
    assert jiangan_org.rating_certificate.name != old_name
    assert jiangan_org.rating_certificate.read() == b"%PDF-1.4\n%5A\n"
    assert client.get(f"/organizations/{jiangan_org.pk}/documents/pending-rating/").status_code == 404


def test_a_refused_certificate_leaves_the_verified_one(client, jiangan_org, admin, wuhan):
    jiangan_org.rating_certificate.save("old.pdf", pdf())
    old_name = jiangan_org.rating_certificate.name
    organization_update(organization=jiangan_org, data={"rating_certificate": pdf("new.pdf")}, actor=admin)
    client.force_login(wuhan)
    client.post(f"/organizations/{jiangan_org.pk}/return/", {"reason": "证书看不清"})
    jiangan_org.refresh_from_db()
    assert jiangan_org.rating_certificate.name == old_name and jiangan_org.pending_legal_facts == {}


def test_a_pending_profile_still_takes_its_rating_at_once(jiangan_org, admin):
    jiangan_org.verification_status = "pending"
    jiangan_org.save()
    organization_update(
        organization=jiangan_org, data={"rating": "5A", "rating_expires_on": datetime.date(2035, 1, 1)}, actor=admin
    )
    jiangan_org.refresh_from_db()
    assert jiangan_org.rating == "5A" and jiangan_org.pending_legal_facts == {}


def test_the_audit_event_of_an_edit_names_every_changed_field_before_and_after(client, jiangan_org, admin):
    client.force_login(admin)
    _edit(client, jiangan_org, name="新名称中心", rating="5A", address="新址 2 号", contact_phone="027-12345678")
    event = AuditEvent.objects.filter(action="organizations.update").latest("pk")
    changes = event.details["changes"]
    assert changes["name"] == ["江岸区童心社会工作服务中心", "新名称中心"]
    assert changes["rating"] == ["4A", "5A"]
    assert changes["address"] == ["武汉市江岸区某路1号", "新址 2 号"]
    assert changes["contact_phone"] == ["027-88880000", "027-12345678"]
    assert set(changes) == {"name", "rating", "address", "contact_phone"}  # unchanged fields are not listed
    assert sorted(event.details["waiting_for_verification"]) == ["name", "rating"]


def test_the_audit_event_names_changed_lists_and_files_by_name_never_content(jiangan_org, admin):
    from core.models import ServiceType

    service_type = ServiceType.objects.first()
    organization_update(
        organization=jiangan_org,
        data={"service_types": [service_type], "registration_certificate": pdf("reg.pdf", b"%PDF-1.4\nSECRET\n")},
        actor=admin,
    )
    changes = AuditEvent.objects.filter(action="organizations.update").latest("pk").details["changes"]
    assert changes["service_types"] == [[], [str(service_type)]]
    assert changes["registration_certificate"][0] == ""
    assert changes["registration_certificate"][1].endswith(".pdf")
    assert "SECRET" not in str(changes)
