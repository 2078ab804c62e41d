"""The one thing the lifecycle does outside the browser: time passes.

A grant may be signed only after the 公示 has run its full period of working days (``notice_has_ended``), which
cannot happen within one run. ``let_notice_period_pass`` moves the application's notice back so that it ended
yesterday, through ``manage.py shell`` on the same machine and with the site's own settings: ``E2E_DJANGO_SETTINGS``
(``config.settings.dev`` for ``make run``), or the settings and environment of the site in ``E2E_ENV_FILE``
(``KEY=value`` lines: ``bin/smoke`` writes the production profile's there, so the test process itself keeps none of
them, e.g. not the site's Redis cache, which the suite's fixtures clear).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BACKDATE = """
import datetime
from django.utils import timezone
from core.calendar import add_working_days
from programs.models import PublicNotice

today = timezone.localdate()
notice = PublicNotice.objects.get(applications__pk={application_pk})
starts_on = today - datetime.timedelta(days=30)
ends_on = add_working_days(starts_on, notice.call.notice_working_days)
assert ends_on < today, ends_on
PublicNotice.objects.filter(pk=notice.pk).update(
    starts_on=starts_on, ends_on=ends_on, published_at=notice.published_at - datetime.timedelta(days=30)
)
print("notice", notice.pk, starts_on, ends_on)
"""


def site_environment() -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=os.environ.get("E2E_DJANGO_SETTINGS", "config.settings.dev"))
    if os.environ.get("E2E_ENV_FILE"):
        for line in Path(os.environ["E2E_ENV_FILE"]).read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep and not key.lstrip().startswith("#"):
                env[key.strip()] = value.strip()
    return env


def manage_shell(code: str) -> str:
    env = site_environment()
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"manage.py shell failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def let_notice_period_pass(application_pk: int) -> str:
    return manage_shell(BACKDATE.format(application_pk=int(application_pk)))
