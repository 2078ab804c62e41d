"""Demo social organizations across several 市州, in every verification state, with admins and staff, rosters,
annual statuses, an incubation and a pending invitation. Idempotent: running it again changes nothing."""

import datetime
import hashlib
from decimal import Decimal

from django.utils import timezone

from core.demo import demo_user
from core.models import ChildCategory, Region, ServiceType, User
from core.validators import credit_code_check_char

from .incubation_criteria import all_criteria
from .models import (
    AnnualResult,
    AnnualStatus,
    Incubation,
    IncubationStage,
    IncubationSupport,
    Invitation,
    MemberRole,
    Membership,
    Organization,
    OrganizationType,
    Qualification,
    Rating,
    StaffMember,
    SupportKind,
    VerificationStatus,
)


def demo_credit_code(type_digit: str, region_code: str, serial: int) -> str:
    """A valid-looking credit code for a social organization (5 = registered by civil affairs)."""
    first17 = f"5{type_digit}{region_code}MJ{serial:07d}"
    return first17 + credit_code_check_char(first17)


def _in_years(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year + years, month=12, day=31)


# The first three keep their order (their credit codes derive from it) and their users: other apps' demo data and
# the README refer to them.
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
        "roster": [
            ("周芳", Qualification.SENIOR),
            ("孙悦", Qualification.INTERMEDIATE),
            ("钱多", Qualification.ASSISTANT),
        ],
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
        "roster": [
            ("田丽", Qualification.INTERMEDIATE),
            ("向军", Qualification.ASSISTANT),
            ("谭梅", Qualification.NONE),
        ],
        "incubation": ("422800", "恩施州社会组织孵化基地", datetime.date(2019, 4, 1), IncubationStage.GRADUATED),
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
        "roster": [("马超", Qualification.ASSISTANT)],
    },
    {
        "key": "hongshan_bridge",
        "name": "武汉市洪山区童桥社会工作服务中心",
        "type_digit": "2",
        "org_type": OrganizationType.SOCIAL_SERVICE_AGENCY,
        "region": "420111",
        "registered_on": datetime.date(2022, 5, 20),
        "rating": Rating.NONE,
        "rating_expires_on": None,
        "status": VerificationStatus.PENDING,
        "service_regions": ["420111"],
        "admin": ("org_hongshan_admin", "袁洁"),
        "staff": [],
        "roster": [("袁洁", Qualification.INTERMEDIATE), ("易航", Qualification.NONE)],
    },
    {
        "key": "yichang_star",
        "name": "宜昌市星光儿童关爱服务中心",
        "type_digit": "2",
        "org_type": OrganizationType.SOCIAL_SERVICE_AGENCY,
        "region": "420500",
        "registered_on": datetime.date(2016, 11, 8),
        "rating": Rating.A5,
        "rating_expires_on": "in_3_years",
        "status": VerificationStatus.VERIFIED,
        "service_regions": ["420502", "420503", "420506"],
        "admin": ("org_yichang_admin", "黄敏"),
        "staff": [("org_yichang_staff", "杜鹏")],
        "roster": [
            ("黄敏", Qualification.SENIOR),
            ("杜鹏", Qualification.INTERMEDIATE),
            ("罗琳", Qualification.INTERMEDIATE),
            ("彭飞", Qualification.ASSISTANT),
        ],
        # The legal representative has changed; the officer has not yet accepted it.
        "pending_legal_facts": {"legal_representative": "杜鹏"},
    },
    {
        "key": "huanggang_seedling",
        "name": "黄冈市幼苗儿童公益基金会",
        "type_digit": "3",
        "org_type": OrganizationType.FOUNDATION,
        "region": "421100",
        "registered_on": datetime.date(2020, 7, 1),
        "rating": Rating.A2,
        "rating_expires_on": "in_2_years",
        "status": VerificationStatus.RETURNED,
        "note": "登记证书扫描件不清晰，无法核对统一社会信用代码，请重新上传清晰的彩色扫描件。",
        "service_regions": ["421102", "421181"],
        "admin": ("org_huanggang_admin", "方圆"),
        "staff": [],
        "roster": [("方圆", Qualification.NONE)],
    },
    {
        "key": "enshi_mountain",
        "name": "恩施市山里娃社会工作服务社",
        "type_digit": "2",
        "org_type": OrganizationType.SOCIAL_SERVICE_AGENCY,
        "region": "422801",
        "registered_on": datetime.date(2023, 2, 14),
        "rating": Rating.NONE,
        "rating_expires_on": None,
        "status": VerificationStatus.PENDING,
        "service_regions": ["422801"],
        "admin": ("org_enshi_mountain_admin", "覃山"),
        "staff": [],
        "roster": [("覃山", Qualification.ASSISTANT)],
        "incubation": ("422801", "恩施市社会工作服务孵化园", datetime.date(2023, 3, 1), IncubationStage.INCUBATING),
    },
]

RELATIVE_DATES = {"in_2_years": 2, "in_3_years": 3}


def _rating_expiry(value):
    return _in_years(RELATIVE_DATES[value]) if isinstance(value, str) else value


def _seed_roster(organization: Organization, spec: dict) -> None:
    if organization.staff_members.exists():
        return
    for number, (name, qualification) in enumerate(spec["roster"], start=1):
        StaffMember.objects.create(
            organization=organization,
            name=name,
            qualification=qualification,
            certificate_number="" if qualification == Qualification.NONE else f"HB{organization.pk:03d}{number:04d}",
            position="负责人" if number == 1 else "项目社工",
            is_full_time=number < 3,
            started_on=max(organization.registered_on, datetime.date(2020, 1, 1)),
        )


def _seed_annual_statuses(organization: Organization, officer: User | None) -> None:
    """Last year's result confirmed, this year's (if any) entered and awaiting confirmation."""
    if organization.verification_status != VerificationStatus.VERIFIED:
        return
    this_year = timezone.localdate().year
    for year, confirmed in ((this_year - 2, True), (this_year - 1, False)):
        status, created = AnnualStatus.objects.get_or_create(
            organization=organization,
            year=year,
            defaults={"result": AnnualResult.PASSED, "note": "演示数据"},
        )
        if created:
            status.evidence.save(f"{year}-annual.pdf", _demo_pdf(), save=False)
            if confirmed and officer is not None:
                status.confirmed_at = timezone.now()
                status.confirmed_by = officer
            status.save()


def _demo_pdf():
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.4\n% Guanai demo evidence\n%%EOF\n")


def _seed_invitation(organization: Organization, admin: User) -> None:
    email = "new_colleague@demo.guanai.example"
    if Invitation.objects.filter(organization=organization, email=email).exists():
        return
    # Nobody knows this token: the demo shows a pending invitation in the members list, it is not meant to be used.
    Invitation.objects.create(
        organization=organization,
        email=email,
        role=MemberRole.STAFF,
        token_hash=hashlib.sha256(f"demo-invitation-{organization.credit_code}".encode()).hexdigest(),
        invited_by=admin,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )


def seed_organizations() -> dict[str, Organization]:
    organizations = {}
    officers = {scope_user.officer_region.code: scope_user for scope_user in _demo_officers()}
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
                "rating_expires_on": _rating_expiry(spec["rating_expires_on"]),
                "verification_status": spec["status"],
                "verification_note": spec.get("note", ""),
                "pending_legal_facts": spec.get("pending_legal_facts", {}),
                "submitted_at": timezone.now(),
                "verified_at": timezone.now() if spec["status"] == VerificationStatus.VERIFIED else None,
            },
        )
        if created:
            organization.registration_certificate.save("registration-certificate.pdf", _demo_pdf(), save=True)
            organization.service_regions.set(Region.objects.filter(code__in=spec["service_regions"]))
            organization.child_categories.set(ChildCategory.objects.filter(code__in=["left_behind", "in_difficulty"]))
            organization.service_types.set(ServiceType.objects.filter(code__in=["guardianship", "counselling"]))
        admin = demo_user(spec["admin"][0], name=spec["admin"][1])
        Membership.objects.get_or_create(user=admin, organization=organization, defaults={"role": MemberRole.ADMIN})
        for username, name in spec["staff"]:
            staff = demo_user(username, name=name)
            Membership.objects.get_or_create(user=staff, organization=organization, defaults={"role": MemberRole.STAFF})
        officer = _covering_officer(officers, region)
        _seed_roster(organization, spec)
        _seed_annual_statuses(organization, officer)
        if "incubation" in spec and not organization.incubations.exists():
            code, program, started_on, stage = spec["incubation"]
            incubation = Incubation.objects.create(
                organization=organization,
                region=Region.objects.get(code=code),
                program_name=program,
                started_on=started_on,
                stage=stage,
                graduated_on=started_on + datetime.timedelta(days=420) if stage == IncubationStage.GRADUATED else None,
                created_by=officer,
            )
            _seed_incubation_support(incubation, officer)
        organizations[spec["key"]] = organization
    _seed_invitation(organizations["wuhan_hope"], User.objects.get(username="org_wuhan_admin"))
    return organizations


# (days after the start, kind, hours, amount, what): a year of typical support from an incubation base.
_SUPPORT = [
    (10, SupportKind.CONSULTING, Decimal("4"), None, "登记注册与章程辅导"),
    (30, SupportKind.SPACE, Decimal("0"), None, "入驻孵化基地共享办公区"),
    (45, SupportKind.TRAINING, Decimal("8"), None, "儿童社会工作基础培训"),
    (90, SupportKind.SUPERVISION, Decimal("4"), None, "个案督导：留守儿童情绪支持"),
    (120, SupportKind.FUNDING, Decimal("0"), Decimal("20000.00"), "种子资金：社区儿童之家活动"),
    (160, SupportKind.TRAINING, Decimal("8"), None, "项目设计与申报书写作"),
    (220, SupportKind.CONSULTING, Decimal("3"), None, "财务制度与票据管理辅导"),
    (300, SupportKind.RESOURCES, Decimal("2"), None, "对接街道、学校和爱心企业"),
]


def _seed_incubation_support(incubation: Incubation, officer) -> None:
    today = timezone.localdate()
    for days, kind, hours, amount, what in _SUPPORT:
        given_on = incubation.started_on + datetime.timedelta(days=days)
        if given_on > (incubation.graduated_on or today):
            break
        IncubationSupport.objects.create(
            incubation=incubation,
            given_on=given_on,
            kind=kind,
            hours=hours,
            amount=amount,
            description=what,
            recorded_by=officer,
        )
    if incubation.stage == IncubationStage.GRADUATED:
        criteria = all_criteria(incubation, {"office", "finance", "project"})
        incubation.graduation_record = [c.as_record() for c in criteria]
        incubation.save(update_fields=["graduation_record"])


def _demo_officers():
    return list(User.objects.filter(officer_scope__is_active=True).select_related("officer_scope__region"))


def _covering_officer(officers: dict, region: Region) -> User | None:
    """The demo officer closest to ``region`` (its own level first, then up the tree)."""
    codes = [code for code in region.path.split("/") if code]
    for code in reversed(codes):
        if code in officers:
            return officers[code]
    return None
