"""Reads about calls, applications and reviews."""

import datetime

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Application, ApplicationStatus, Call, CallStatus, PublicNotice, ReviewAssignment


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


def public_calls():
    """Calls the public may see: published ones (cancelled calls disappear)."""
    return (
        Call.objects.filter(status=CallStatus.PUBLISHED)
        .select_related("issuing_region", "brand_program")
        .prefetch_related("child_categories", "service_types")
    )


def public_notices(call: Call, on: datetime.date | None = None) -> list[PublicNotice]:
    """Notices on a call that have started, newest first, with the approved applications they list."""
    on = on or timezone.localdate()
    approved = Application.objects.filter(status=ApplicationStatus.APPROVED).select_related("organization")
    return list(
        call.public_notices.filter(starts_on__lte=on).prefetch_related(
            Prefetch("applications", queryset=approved, to_attr="approved_applications")
        )
    )


def organizations_acting_for(user):
    """The organizations ``user`` may apply for (every organization they are a member of)."""
    from organizations.selectors import organizations_for_member

    return organizations_for_member(user)


def applications_for_member(user):
    return (
        Application.objects.filter(organization__memberships__user=user)
        .select_related("call", "organization")
        .distinct()
    )


def reviews_for(user):
    return ReviewAssignment.objects.filter(reviewer=user).select_related(
        "application__call", "application__organization"
    )


def officer_applications(user):
    """Applications the officer may see, with their scores annotated."""
    return (
        Application.objects.for_officer(user)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("call", "organization")
        .with_scores()
    )


def ranking(call: Call):
    """Applications past screening on a call, best mean score first; those without a submitted review last (PostgreSQL
    sorts NULL first in a descending order unless told)."""
    return (
        call.applications.filter(
            status__in=[ApplicationStatus.UNDER_REVIEW, ApplicationStatus.APPROVED, ApplicationStatus.REJECTED]
        )
        .select_related("organization")
        .with_scores()
        .order_by(F("score_mean").desc(nulls_last=True), "submitted_at")
    )


SNAPSHOT_LABELS = {
    "title": _("项目名称"),
    "summary": _("项目概述"),
    "duration_months": _("项目周期（月）"),
    "requested_amount": _("申请金额（元）"),
    "service_regions": _("服务地区"),
    "budget_lines": _("预算明细"),
    "planned_children": _("计划服务儿童"),
    "planned_hours": _("计划服务时长"),
    "planned_cases": _("个案数"),
    "planned_groups": _("小组数"),
    "planned_group_sessions": _("小组节数"),
    "planned_events": _("社区活动场次"),
    "outcome_targets": _("成效目标"),
    "team": _("项目团队"),
    "attachments": _("附件"),
}


def version_diff(old: dict, new: dict) -> list[tuple[str, object, object]]:
    """The parts that differ between two snapshots, labelled in Chinese, with the old and new value."""
    keys = list(dict.fromkeys([*old.keys(), *new.keys()]))
    return [(SNAPSHOT_LABELS.get(key, key), old.get(key), new.get(key)) for key in keys if old.get(key) != new.get(key)]
