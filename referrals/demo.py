"""Demo of the township network: a supervisor and a director of 大智街道 (江岸区), and a few referrals made through
the real services (routed by the real rules to whatever demo grant covers 江岸区), one accepted and served, one
urgent. Idempotent: nothing is added once the demo director has reported."""

import datetime

from django.utils import timezone

from core.demo import demo_user
from core.models import ChildCategory, Region, User
from core.regions import townships_load
from core.validators import id_number_check_char
from delivery.models import ConsentBy, ServiceLog
from organizations.selectors import membership_of

from .models import CareWorker, CareWorkerRole, Referral, ReferralStatus
from .selectors import with_first_service
from .services import referral_accept, referral_report

TOWNSHIP = "420102002"  # 大智街道, 江岸区: the demo grants of 武汉 serve 江岸区
WORKERS = [
    # username, name, role, village
    ("supervisor_dazhi", "大智街道 周督导", CareWorkerRole.SUPERVISOR, ""),
    ("director_dazhi", "大智路社区 吴主任", CareWorkerRole.DIRECTOR, "大智路社区"),
]


def _id_number(serial: int, born: datetime.date) -> str:
    first17 = f"420102{born:%Y%m%d}{serial:03d}"
    return first17 + id_number_check_char(first17)


def seed_referrals() -> dict:
    if not Region.objects.filter(code=TOWNSHIP).exists():
        townships_load(county_codes={TOWNSHIP[:6]})
    township = Region.objects.get(code=TOWNSHIP)
    creator = User.objects.filter(username="officer_jiangan").first() or User.objects.get(username="admin")
    users = {}
    for username, name, role, village in WORKERS:
        user = demo_user(username, name=name)
        CareWorker.objects.get_or_create(
            user=user, defaults={"role": role, "township": township, "village": village, "created_by": creator}
        )
        users[username] = user
    director = users["director_dazhi"]
    if Referral.objects.filter(reporter=director).exists():
        return users
    today = timezone.localdate()
    category = {c.code: c for c in ChildCategory.objects.all()}
    common = {"actor": director, "consent_by": ConsentBy.GRANDPARENT, "consent_date": today}
    served = referral_report(
        **common,
        child_name="陈小雨",
        id_number=_id_number(611, datetime.date(2015, 4, 9)),
        category=category["left_behind"],
        need="psychological",
        urgency="soon",
        description="父母在外务工，孩子近两个月不愿说话，成绩下滑，奶奶希望有老师陪伴疏导。",
    )
    referral_report(
        **common,
        child_name="刘小乐",
        id_number=_id_number(612, datetime.date(2017, 10, 21)),
        category=category["in_difficulty"],
        need="guardianship",
        urgency="routine",
        description="爷爷患病住院，孩子放学后无人照看。",
    )
    referral_report(
        **common,
        child_name="张小北",
        no_id_reason="未落户",
        gender="male",
        birth_year=2019,
        birth_month=6,
        category=category["unsupported"],
        need="safety",
        urgency="urgent",
        description="邻居反映孩子身上常有伤痕，已拨打 110，派出所已出警。",
    )
    _accept_and_serve(served, today)
    return users


def _accept_and_serve(referral: Referral, today) -> None:
    """If the demo routed it to an organization, its demo admin accepts and logs a first home visit."""
    if referral.status != ReferralStatus.ROUTED:
        return
    admin = User.objects.filter(
        memberships__organization=referral.organization, memberships__role="admin", is_active=True
    ).first()
    if admin is None or membership_of(admin, referral.organization) is None:
        return
    referral = referral_accept(referral=referral, actor=admin, guardian_type="grandparents", school_stage="primary")
    grant = referral.grant
    if with_first_service(Referral.objects.filter(pk=referral.pk)).get().first_service_on is None:
        ServiceLog.objects.create(
            grant=grant,
            date=today,
            service_type=grant.call.service_types.first() or _any_service_type(),
            form="home_visit",
            minutes=90,
            volunteer_name="社工 李明",
            beneficiary=referral.beneficiary,
            township=referral.township.name,
            village=referral.village,
            created_by=admin,
        )


def _any_service_type():
    from core.models import ServiceType

    return ServiceType.objects.get(code="counselling")
