import datetime

import pytest

from core.calendar import add_working_days, is_working_day
from core.models import CalendarDay

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (D(2026, 11, 23), 5, D(2026, 11, 27)),  # an ordinary Monday: Monday to Friday
        (D(2026, 11, 26), 5, D(2026, 12, 2)),  # Thursday: skips the weekend
        (D(2026, 11, 28), 5, D(2026, 12, 4)),  # Saturday: starts on Monday
        (D(2026, 9, 28), 5, D(2026, 10, 9)),  # three days, the National Day week off, then Thursday and Friday
        (D(2026, 9, 28), 6, D(2026, 10, 10)),  # Saturday 10 October is worked
        (D(2026, 2, 12), 3, D(2026, 2, 14)),  # Spring Festival: Thu, Fri and the make-up Saturday
        (D(2026, 2, 12), 4, D(2026, 2, 24)),  # then nothing until the holiday ends
    ],
)
def test_working_days_follow_weekends_holidays_and_make_up_days(db, start, days, end):
    assert add_working_days(start, days) == end


def test_the_2026_schedule_is_loaded(db):
    assert not is_working_day(D(2026, 10, 1))
    assert is_working_day(D(2026, 10, 10))  # a Saturday worked instead
    assert CalendarDay.objects.filter(date__year=2026, is_workday=False).count() == 3 + 9 + 3 + 5 + 3 + 3 + 7


def test_a_holiday_entered_by_an_admin_counts(db):
    CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦")
    assert add_working_days(D(2026, 12, 31), 2) == D(2027, 1, 4)
