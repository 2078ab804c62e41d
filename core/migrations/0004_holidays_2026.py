"""The 2026 holiday schedule (国务院办公厅关于2026年部分节假日安排的通知). Later years are entered by platform
admins in /django-admin/ (节假日与调休) when the State Council publishes them."""

import datetime

from django.db import migrations

HOLIDAYS_2026 = {
    "元旦": [("2026-01-01", "2026-01-03")],
    "春节": [("2026-02-15", "2026-02-23")],
    "清明节": [("2026-04-04", "2026-04-06")],
    "劳动节": [("2026-05-01", "2026-05-05")],
    "端午节": [("2026-06-19", "2026-06-21")],
    "中秋节": [("2026-09-25", "2026-09-27")],
    "国庆节": [("2026-10-01", "2026-10-07")],
}
MAKE_UP_WORKDAYS_2026 = {
    "2026-01-04": "元旦调休上班",
    "2026-02-14": "春节调休上班",
    "2026-02-28": "春节调休上班",
    "2026-05-09": "劳动节调休上班",
    "2026-09-20": "国庆节调休上班",
    "2026-10-10": "国庆节调休上班",
}


def load(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    for name, ranges in HOLIDAYS_2026.items():
        for first, last in ranges:
            day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
            while day <= end:
                CalendarDay.objects.update_or_create(date=day, defaults={"is_workday": False, "name": name})
                day += datetime.timedelta(days=1)
    for date, name in MAKE_UP_WORKDAYS_2026.items():
        CalendarDay.objects.update_or_create(
            date=datetime.date.fromisoformat(date), defaults={"is_workday": True, "name": name}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_calendar_day")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
