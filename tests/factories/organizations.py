import datetime

import factory

from core.models import Region
from core.validators import credit_code_check_char
from organizations.models import MemberRole, Membership, Organization, OrganizationType, Rating, VerificationStatus

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
