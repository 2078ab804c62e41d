"""Builders for referral tests: townships (only the counties a test needs), supervisors and directors, referrals."""

from core.models import ChildCategory, Region
from core.regions import townships_load
from delivery.models import ConsentBy
from referrals.models import CareWorker, CareWorkerRole
from referrals.services import referral_report

from .core import UserFactory


def load_townships(*county_codes: str) -> None:
    """Townships of these counties only (the full file is ~1,460 rows; most tests need one county)."""
    townships_load(county_codes=set(county_codes or ("420102",)))


def township(code: str = "420102002") -> Region:
    """A township, loading its county's townships first if needed (default 大智街道, 江岸区)."""
    if not Region.objects.filter(code=code).exists():
        load_townships(code[:6])
    return Region.objects.get(code=code)


def care_worker(
    *, role: str = CareWorkerRole.DIRECTOR, township_code: str = "420102002", village: str = "新村", **user
):
    user = UserFactory(**user)
    CareWorker.objects.create(
        user=user, role=role, township=township(township_code), village=village, created_by=UserFactory()
    )
    return user


def director(**kwargs):
    return care_worker(role=CareWorkerRole.DIRECTOR, **kwargs)


def supervisor(**kwargs):
    kwargs.setdefault("village", "")
    return care_worker(role=CareWorkerRole.SUPERVISOR, **kwargs)


def report(actor, **overrides):
    """A referral through the real service: a left-behind child with an ID number, needing counselling."""
    from django.utils import timezone

    from .delivery import id_number

    values = {
        "child_name": "王小花",
        "id_number": id_number(901),
        "category": ChildCategory.objects.get(code="left_behind"),
        "need": "psychological",
        "urgency": "soon",
        "description": "父母外出务工，近期情绪低落，不愿上学。",
        "consent_by": ConsentBy.GRANDPARENT,
        "consent_date": timezone.localdate(),
    }
    values.update(overrides)
    return referral_report(actor=actor, **values)
