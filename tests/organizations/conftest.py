import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory, credit_code

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf(name="certificate.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def registration_post(**overrides):
    """What a visitor types into the registration form (account + organization)."""
    data = {
        "account-username": "newadmin",
        "account-name": "李新",
        "account-email": "newadmin@example.com",
        "account-phone": "13800000000",
        "account-password1": "Sunshine-Kids-2026",
        "account-password2": "Sunshine-Kids-2026",
        "name": "武汉市江汉区新苗社会工作服务中心",
        "credit_code": credit_code(77, "420103").lower(),
        "org_type": "social_service_agency",
        "registration_region": "",
        "registered_on": "2019-05-01",
        "legal_representative": "李新",
        "address": "武汉市江汉区某街 8 号",
        "contact_phone": "027-85550000",
        "contact_email": "xinmiao@example.com",
        "introduction": "",
        "rating": "3A",
        "rating_expires_on": "2029-12-31",
        "registration_certificate": pdf(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def jiangan_org(db):
    return OrganizationFactory(region_code="420102", name="江岸区童心社会工作服务中心")


@pytest.fixture
def admin(jiangan_org):
    return MembershipFactory(organization=jiangan_org, role="admin", user=UserFactory(username="jiangan_admin")).user


@pytest.fixture
def staff(jiangan_org):
    return MembershipFactory(organization=jiangan_org, role="staff", user=UserFactory(username="jiangan_staff")).user


@pytest.fixture
def other_member(db):
    other = OrganizationFactory(region_code="420102")
    return MembershipFactory(organization=other, role="admin", user=UserFactory(username="other_admin")).user


@pytest.fixture
def wuhan(db):
    return OfficerFactory(username="wuhan_officer", region_code="420100")


@pytest.fixture
def enshi(db):
    return OfficerFactory(username="enshi_officer", region_code="422800")
