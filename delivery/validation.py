"""Checks shared by the one-by-one forms' services and the Excel import: each returns a Chinese message or None, so
a service can key it by field and an import can put it on a row."""

import datetime
import re
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import EARLIEST_DATE
from core.models import RegionLevel

from .models.services import MAX_MINUTES

# Children's services: a file is for a child under 18 (《未成年人保护法》).
MAX_AGE = 17
# The most people one group session or community event can plausibly count; above it a number was mistyped (or an
# ID number pasted), and an integer past 32 bits would break the write on PostgreSQL.
MAX_HEAD_COUNT = 10_000
# OutcomeMeasurement.value: max_digits=12, decimal_places=2.
MAX_MEASUREMENT_VALUE = Decimal("9999999999.99")

# Free text must not carry an ID number in clear (it would be stored): 6+ digits for short place/name fields, 15+ for
# notes and reasons, where phone numbers and dates are normal.
SHORT_TEXT_DIGITS = re.compile(r"[0-9０-９]{6,}")
NOTES_DIGITS = re.compile(r"[0-9０-９]{15,}")


def digits_error(value: str | None, pattern: re.Pattern = SHORT_TEXT_DIGITS) -> str | None:
    """Refuse a long run of digits (an ID number) in a free-text field."""
    if value and pattern.search(value):
        return _("此处不能填写身份证号码或其他长串数字。")
    return None


def head_count_error(head_count: int | None) -> str | None:
    if head_count is None or head_count < 1:
        return _("参与人数应至少为 1。")
    if head_count > MAX_HEAD_COUNT:
        return _("参与人数不能超过 %(max)s 人，您填写了 %(count)s：请核对。") % {
            "max": MAX_HEAD_COUNT,
            "count": head_count,
        }
    return None


def measurement_value_error(indicator, value) -> str | None:
    """A value that fits the column; a share in % (e.g. satisfaction) between 0 and 100."""
    if value is None:
        return _("请填写测量值。")
    if abs(value) > MAX_MEASUREMENT_VALUE:
        return _("测量值过大。")
    if indicator is not None and indicator.unit.strip() in ("%", "％") and not 0 <= value <= 100:
        return _("该指标的单位是 %%，测量值应在 0 至 100 之间，您填写了 %(value)s。") % {"value": value}
    return None


def service_date_error(grant, day: datetime.date | None, *, today: datetime.date | None = None) -> str | None:
    """A service (or measurement) happened within the grant's period and not in the future."""
    today = today or timezone.localdate()
    if day is None:
        return _("请填写日期。")
    if day > today:
        return _("日期 %(day)s 在今天之后：只能登记已经发生的服务。") % {"day": day.isoformat()}
    if not grant.start_date <= day <= grant.end_date:
        return _("日期 %(day)s 不在合同期内（%(start)s 至 %(end)s）。") % {
            "day": day.isoformat(),
            "start": grant.start_date.isoformat(),
            "end": grant.end_date.isoformat(),
        }
    return None


def minutes_error(minutes: int | None) -> str | None:
    if minutes is None:
        return _("请填写服务时长（分钟）。")
    if minutes < 1:
        return _("服务时长应至少为 1 分钟，您填写了 %(minutes)s。") % {"minutes": minutes}
    if minutes > MAX_MINUTES:
        return _("服务时长不能超过 %(max)s 分钟（12 小时），您填写了 %(minutes)s：是否把小时填成了分钟？") % {
            "max": MAX_MINUTES,
            "minutes": minutes,
        }
    return None


def allowed_service_types(grant):
    """The service types a grant may log: its call's list, or every active type when the call lists none."""
    from core.models import ServiceType

    listed = grant.call.service_types.all()
    return listed if listed.exists() else ServiceType.objects.active()


def service_type_error(grant, service_type) -> str | None:
    if service_type is None:
        return _("请选择服务类型。")
    if not allowed_service_types(grant).filter(pk=service_type.pk).exists():
        return _("服务类型“%(type)s”不在本项目申报指南规定的服务类型中。") % {"type": service_type.name}
    return None


def birth_error(birth_year: int | None, birth_month: int | None, *, today: datetime.date | None = None) -> str | None:
    today = today or timezone.localdate()
    if not birth_year or not birth_month:
        return _("请填写出生年月。")
    if not 1 <= birth_month <= 12:
        return _("出生月份应在 1 至 12 之间。")
    if (birth_year, birth_month) > (today.year, today.month):
        return _("出生年月 %(year)s-%(month)02d 在今天之后。") % {"year": birth_year, "month": birth_month}
    age = today.year - birth_year - (1 if today.month < birth_month else 0)
    if age > MAX_AGE:
        return _("按出生年月 %(year)s-%(month)02d 计算已满 18 周岁：儿童档案只登记未满 18 周岁的儿童。") % {
            "year": birth_year,
            "month": birth_month,
        }
    return None


def county_error(county) -> str | None:
    if county is None:
        return _("请选择县市区。")
    if county.level != RegionLevel.COUNTY:
        return _("“%(region)s”不是县市区，请选择儿童户籍或居住地所在的县市区。") % {"region": county.name}
    return None


def consent_date_error(day: datetime.date | None, *, today: datetime.date | None = None) -> str | None:
    today = today or timezone.localdate()
    if day is None:
        return _("请填写监护人知情同意的日期：没有监护人同意不能建立儿童档案。")
    if day > today:
        return _("知情同意日期 %(day)s 在今天之后。") % {"day": day.isoformat()}
    if day < EARLIEST_DATE:
        return _("知情同意日期 %(day)s 不合理。") % {"day": day.isoformat()}
    return None
