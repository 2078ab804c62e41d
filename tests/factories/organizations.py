import datetime
import hashlib
import secrets

import factory
from django.utils import timezone

from core.models import Region
from core.validators import credit_code_check_char
from organizations.models import (
    AnnualResult,
    AnnualStatus,
    Invitation,
    MemberRole,
    Membership,
    Organization,
    OrganizationType,
    Qualification,
    Rating,
    StaffMember,
    VerificationStatus,
)

from .core import UserFactory


def credit_code(serial: int, region_code: str = "420100") -> str:
    first17 = f"52{region_code}MJ{serial:07d}"
    return first17 + credit_code_check_char(first17)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    class Params:
        region_code = "420102"

    name = factory.Sequence(lambda n: f"测试社会工作服务中心{n}")
    credit_code = factory.Sequence(lambda n: credit_code(n + 1000))
    org_type = OrganizationType.SOCIAL_SERVICE_AGENCY
    registration_region = factory.LazyAttribute(lambda o: Region.objects.get(code=o.region_code))
    registered_on = datetime.date(2016, 1, 1)
    legal_representative = "张三"
    address = "武汉市江岸区某路1号"
    contact_phone = "027-88880000"
    contact_email = factory.Sequence(lambda n: f"org{n}@example.com")
    rating = Rating.A4
    rating_expires_on = datetime.date(2030, 12, 31)
    verification_status = VerificationStatus.VERIFIED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MemberRole.ADMIN


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"社工{n}")
    qualification = Qualification.INTERMEDIATE
    certificate_number = factory.Sequence(lambda n: f"ZJ{n:06d}")
    position = "项目社工"
    is_full_time = True
    started_on = datetime.date(2020, 3, 1)


class AnnualStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualStatus

    organization = factory.SubFactory(OrganizationFactory)
    year = 2024
    result = AnnualResult.PASSED
    evidence = factory.django.FileField(filename="annual.pdf", data=b"%PDF-1.4\n%demo\n")


def make_invitation(*, organization, email="colleague@example.com", role=MemberRole.STAFF, invited_by=None, **kwargs):
    """An open invitation and its token (the token is otherwise only in the e-mail)."""
    token = secrets.token_urlsafe(16)
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        invited_by=invited_by or UserFactory(),
        expires_at=kwargs.pop("expires_at", timezone.now() + datetime.timedelta(days=7)),
        **kwargs,
    )
    return invitation, token
