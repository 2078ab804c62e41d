"""Demo social organizations with admins and staff. Idempotent."""

import datetime

from core.demo import demo_user
from core.models import ChildCategory, Region, ServiceType
from core.validators import credit_code_check_char

from .models import MemberRole, Membership, Organization, OrganizationType, Rating, VerificationStatus


def demo_credit_code(type_digit: str, region_code: str, serial: int) -> str:
    """A valid-looking credit code for a social organization (5 = registered by civil affairs)."""
    first17 = f"5{type_digit}{region_code}MJ{serial:07d}"
    return first17 + credit_code_check_char(first17)


ORGANIZATIONS = [
    {
        "key": "wuhan_hope",
        "name": "武汉市江岸区希望社会工作服务中心",
        "type_digit": "2",
        "org_type": OrganizationType.SOCIAL_SERVICE_AGENCY,
        "region": "420102",
        "registered_on": datetime.date(2015, 6, 1),
        "rating": Rating.A4,
        "rating_expires_on": datetime.date(2028, 12, 31),
        "status": VerificationStatus.VERIFIED,
        "service_regions": ["420102", "420103", "420106"],
        "admin": ("org_wuhan_admin", "周芳"),
        "staff": [("org_wuhan_staff", "孙悦")],
    },
    {
        "key": "enshi_sunshine",
        "name": "恩施州阳光儿童社会工作服务中心",
        "type_digit": "2",
        "org_type": OrganizationType.SOCIAL_SERVICE_AGENCY,
        "region": "422800",
        "registered_on": datetime.date(2018, 3, 15),
        "rating": Rating.A3,
        "rating_expires_on": datetime.date(2027, 6, 30),
        "status": VerificationStatus.VERIFIED,
        "service_regions": ["422801", "422802", "422822"],
        "admin": ("org_enshi_admin", "田丽"),
        "staff": [("org_enshi_staff", "向军")],
    },
    {
        "key": "xiangyang_care",
        "name": "襄阳市童心关爱协会",
        "type_digit": "1",
        "org_type": OrganizationType.ASSOCIATION,
        "region": "420600",
        "registered_on": datetime.date(2021, 9, 1),
        "rating": Rating.NONE,
        "rating_expires_on": None,
        "status": VerificationStatus.PENDING,
        "service_regions": ["420602", "420606"],
        "admin": ("org_xiangyang_admin", "马超"),
        "staff": [("org_xiangyang_staff", "高敏")],
    },
]


def seed_organizations() -> dict[str, Organization]:
    organizations = {}
    for serial, spec in enumerate(ORGANIZATIONS, start=1):
        region = Region.objects.get(code=spec["region"])
        organization, created = Organization.objects.get_or_create(
            credit_code=demo_credit_code(spec["type_digit"], spec["region"], serial),
            defaults={
                "name": spec["name"],
                "org_type": spec["org_type"],
                "registration_region": region,
                "registered_on": spec["registered_on"],
                "legal_representative": spec["admin"][1],
                "address": f"{region.name}民政服务中心 {serial} 号",
                "contact_phone": f"027-8888{serial:04d}",
                "contact_email": f"{spec['key']}@demo.guanai.example",
                "rating": spec["rating"],
                "rating_expires_on": spec["rating_expires_on"],
                "verification_status": spec["status"],
            },
        )
        if created:
            organization.service_regions.set(Region.objects.filter(code__in=spec["service_regions"]))
            organization.child_categories.set(ChildCategory.objects.filter(code__in=["left_behind", "in_difficulty"]))
            organization.service_types.set(ServiceType.objects.filter(code__in=["guardianship", "counselling"]))
        admin = demo_user(spec["admin"][0], name=spec["admin"][1])
        Membership.objects.get_or_create(user=admin, organization=organization, defaults={"role": MemberRole.ADMIN})
        for username, name in spec["staff"]:
            staff = demo_user(username, name=name)
            Membership.objects.get_or_create(user=staff, organization=organization, defaults={"role": MemberRole.STAFF})
        organizations[spec["key"]] = organization
    return organizations
