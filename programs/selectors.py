"""Reads about calls, applications and reviews."""

import datetime
from itertools import zip_longest

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import format_money

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


MONEY_KEYS = {"requested_amount"}


def _budget_line_text(line: dict) -> str:
    return _("%(category)s · %(item)s：%(price)s 元 × %(quantity)s %(unit)s = %(total)s 元") % {
        "category": line.get("category", ""),
        "item": line.get("item", ""),
        "price": format_money(line.get("unit_price")),
        "quantity": _plain_number(line.get("quantity")),
        "unit": line.get("unit", ""),
        "total": format_money(line.get("total")),
    }


def _plain_number(value) -> str:
    """``"24.00"`` → ``"24"``, ``"1.50"`` → ``"1.5"``: quantities read as people write them."""
    from decimal import Decimal, InvalidOperation

    try:
        return format(Decimal(str(value)).normalize(), "f")
    except (InvalidOperation, ValueError):
        return str(value or "")


def _as_lines(key: str, value) -> list[str]:
    """One snapshot part as lines of readable text (no Python reprs)."""
    if value is None or value == "" or value == [] or value == {}:
        return []
    if key in MONEY_KEYS:
        return [_("%(amount)s 元") % {"amount": format_money(value)}]
    if key == "budget_lines":
        return [_budget_line_text(line) for line in value]
    if isinstance(value, dict):
        return [f"{name}：{count}" for name, count in value.items()]
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def version_diff(old: dict, new: dict) -> list[dict]:
    """The parts that differ between two snapshots, labelled in Chinese, as readable rows: money with separators, the
    budget line by line. Each part is ``{"label", "rows": [(before, after, changed)]}``; lists are compared row by
    row (the n-th line of one version against the n-th of the other)."""
    keys = list(dict.fromkeys([*old.keys(), *new.keys()]))
    parts = []
    for key in keys:
        if old.get(key) == new.get(key):
            continue
        before, after = _as_lines(key, old.get(key)), _as_lines(key, new.get(key))
        rows = [(b, a, b != a) for b, a in zip_longest(before, after, fillvalue="")]
        parts.append({"label": SNAPSHOT_LABELS.get(key, key), "rows": rows})
    return parts
