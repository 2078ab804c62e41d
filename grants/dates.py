"""Calendar arithmetic for contract periods and milestone due dates."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_end_date(start: datetime.date, months: int) -> datetime.date:
    """The last day of a contract of ``months`` months that starts on ``start`` (1 Jan + 12 months ends 31 Dec)."""
    return add_months(start, months) - datetime.timedelta(days=1)
