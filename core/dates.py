"""The range of dates a person may plausibly enter anywhere on the platform.

A date typed as 0001-01-01 is stored by PostgreSQL as a BC timestamp that Python cannot read back, which took down
every officer page of a region; a call closing in 9999 or a payment dated 1900 is a typing error, never a fact. Every
date and datetime a user enters passes ``validate_plausible_date``; rules relative to a call or a grant (a payment
within the contract, a close after the open) are checked by the service that owns them.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
# Organizations were registered long before the platform existed; their registration dates reach further back.
EARLIEST_REGISTRATION_DATE = datetime.date(1949, 10, 1)


def _as_date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def validate_plausible_date(value, *, earliest: datetime.date = EARLIEST_DATE, latest: datetime.date = LATEST_DATE):
    """Refuse a date (or datetime) outside ``earliest``..``latest`` with a message naming the range."""
    day = _as_date(value)
    if day is None:
        return
    if not earliest <= day <= latest:
        raise ValidationError(
            _("日期 %(day)s 超出合理范围：请填写 %(earliest)s 至 %(latest)s 之间的日期。")
            % {"day": day.isoformat(), "earliest": earliest.isoformat(), "latest": latest.isoformat()},
            code="implausible_date",
        )


def validate_registration_date(value):
    validate_plausible_date(value, earliest=EARLIEST_REGISTRATION_DATE, latest=timezone.localdate())
