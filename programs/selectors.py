"""Reads about calls, applications and reviews."""

import datetime

from django.utils import timezone

from .models import Application, ApplicationStatus, PublicNotice


def notice_for(application: Application) -> PublicNotice | None:
    """The public notice that announced this application's result (the latest, if it was announced twice)."""
    return application.public_notices.order_by("-published_at", "-id").first()


def notice_has_ended(application: Application, on: datetime.date | None = None) -> bool:
    """Whether the application is approved and the public notice (公示) of its award has run its full period before
    ``on`` (today in Asia/Shanghai by default); grants may be signed only then."""
    on = on or timezone.localdate()
    if application.status != ApplicationStatus.APPROVED:
        return False
    notice = notice_for(application)
    return notice is not None and notice.has_ended(on)
