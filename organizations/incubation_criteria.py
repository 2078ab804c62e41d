"""When an incubated organization may graduate (出壳标准).

Some criteria the platform can check from what it holds; the others an officer confirms by looking (an office, a
finance system, a project run on its own). Graduation needs every one; the result is kept with the incubation.
"""

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Incubation, StaffMember, SupportKind

MIN_STAFF = 2

# Confirmed by the officer on the graduation form: (key, label).
CONFIRMED = [
    ("office", gettext_lazy("有固定的办公场所")),
    ("finance", gettext_lazy("建立了财务管理制度，能够独立核算")),
    ("project", gettext_lazy("独立承接并完成过至少一个服务项目")),
]


def _number(value: Decimal) -> str:
    """20 → "20", 15.50 → "15.5" (``normalize`` would say 2E+1)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    met: bool
    detail: str
    checked_by_platform: bool

    def as_record(self) -> dict:
        return asdict(self)


def checked_criteria(incubation: Incubation) -> list[Criterion]:
    """The criteria the platform checks itself (four queries at most)."""
    organization = incubation.organization
    min_months = settings.INCUBATION_MIN_MONTHS
    min_hours = Decimal(settings.INCUBATION_MIN_SUPPORT_HOURS)
    months = incubation.months()
    staff = StaffMember.objects.filter(organization=organization, left_on__isnull=True).count()
    hours = incubation.supports.filter(kind__in=[SupportKind.TRAINING, SupportKind.SUPERVISION]).aggregate(
        total=Sum("hours")
    )["total"] or Decimal(0)
    return [
        Criterion(
            "verified",
            _("已通过平台认证（登记信息经项目官员审核）"),
            organization.is_verified,
            organization.get_verification_status_display(),
            True,
        ),
        Criterion(
            "months",
            _("孵化满 %(n)d 个月") % {"n": min_months},
            months >= min_months,
            _("已孵化 %(n)d 个月") % {"n": months},
            True,
        ),
        Criterion(
            "staff",
            _("在职专职人员不少于 %(n)d 人") % {"n": MIN_STAFF},
            staff >= MIN_STAFF,
            _("在职 %(n)d 人") % {"n": staff},
            True,
        ),
        Criterion(
            "support",
            _("累计接受培训和督导不少于 %(n)s 小时") % {"n": _number(min_hours)},
            hours >= min_hours,
            _("已接受 %(n)s 小时") % {"n": _number(hours)},
            True,
        ),
    ]


def all_criteria(incubation: Incubation, confirmed: set[str]) -> list[Criterion]:
    """Every criterion: the platform's checks, then the officer's confirmations (``confirmed`` holds their keys)."""
    officer_checked = [
        Criterion(key, str(label), key in confirmed, _("项目官员确认") if key in confirmed else _("未确认"), False)
        for key, label in CONFIRMED
    ]
    return checked_criteria(incubation) + officer_checked
