"""Working days in mainland China: Monday to Friday, except the public holidays and make-up working days recorded
in ``CalendarDay``. Used for public-notice periods (公示期) and other deadlines counted in working days."""

import datetime

from .models import CalendarDay


def _exceptions(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_workday"))


def is_working_day(day: datetime.date, exceptions: dict[datetime.date, bool] | None = None) -> bool:
    if exceptions is None:
        exceptions = _exceptions(day, day)
    return exceptions.get(day, day.weekday() < 5)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The last day of a period of ``days`` working days that begins on ``start`` (or on the first working day
    after it). One query: the exceptions of a window wide enough for the longest holiday run."""
    days = max(days, 1)
    exceptions = _exceptions(start, start + datetime.timedelta(days=days * 2 + 31))
    day = start
    while not is_working_day(day, exceptions):
        day += datetime.timedelta(days=1)
    counted = 1
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, exceptions):
            counted += 1
    return day
