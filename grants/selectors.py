"""Reads about grants: what each user may see, timelines, overdue lists, public listings."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import AuditEvent, Region
from organizations.models import FormerMembership, Membership, Organization
from organizations.selectors import organizations_for_member
from programs.models import Application, ApplicationStatus, PublicNotice

from .models import Evaluation, Grant, Milestone, Payment, PaymentFunding


def grants_visible_to(user):
    """Officers: grants issued in their region subtree; organization members: their organizations' grants;
    evaluators: grants they are assigned to; platform admins: everything."""
    if not user.is_authenticated:
        return Grant.objects.none()
    if user.is_platform_admin:
        return Grant.objects.all()
    region = user.officer_region
    condition = Q(pk__in=[])
    if region is not None:
        condition |= Q(issuing_region__path__startswith=region.path)
    condition |= Q(organization__in=organizations_for_member(user).values("pk"))
    if user.is_evaluator:
        # A subquery, not a join: a join would repeat grants and force a DISTINCT over the whole list (slow at scale).
        condition |= Q(pk__in=Evaluation.objects.filter(evaluator=user).values("grant"))
    return Grant.objects.filter(condition)


# How the timeline names each audited action.
TIMELINE_LABELS = {
    "grant.create": _("签订合同"),
    "grant.start": _("开始执行"),
    "grant.suspend": _("暂停"),
    "grant.resume": _("恢复执行"),
    "grant.complete": _("结项"),
    "grant.terminate": _("终止"),
    "milestone.schedule_update": _("调整节点计划"),
    "milestone.submit": _("提交节点材料"),
    "milestone.resubmit": _("重新提交节点材料"),
    "milestone.return": _("退回节点"),
    "milestone.approve": _("节点审核通过"),
    "milestone.release": _("拨付资金"),
    "evaluation.assign": _("指派第三方评估"),
    "evaluation.submit": _("提交评估"),
    "evaluation.publish": _("公开评估结果"),
}


def grant_timeline(grant: Grant) -> list:
    """Every audit event about the grant and its milestones, oldest first (one query), each with a ``label``."""
    grant_type = ContentType.objects.get_for_model(Grant)
    milestone_type = ContentType.objects.get_for_model(Milestone)
    milestone_ids = [str(pk) for pk in grant.milestones.values_list("pk", flat=True)]
    events = list(
        AuditEvent.objects.filter(
            Q(target_type=grant_type, target_id=str(grant.pk))
            | Q(target_type=milestone_type, target_id__in=milestone_ids)
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
    for event in events:
        event.label = TIMELINE_LABELS.get(event.action, event.action)
    return events


HISTORY_ACTIONS = ("milestone.submit", "milestone.resubmit", "milestone.return", "milestone.approve")


def milestone_history(milestone: Milestone) -> list:
    """Each submission (its narrative and evidence names) and each review (its comment) of ``milestone``, oldest first,
    read from the audit log, so that after a resubmission the first narrative and the officer's return comment are
    still there. Each event gets ``label``, ``narrative``, ``evidence`` and ``comment``."""
    events = list(
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(Milestone),
            target_id=str(milestone.pk),
            action__in=HISTORY_ACTIONS,
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
    for event in events:
        details = event.details or {}
        event.label = TIMELINE_LABELS.get(event.action, event.action)
        event.narrative = details.get("narrative", "")
        event.evidence = details.get("evidence", [])
        event.comment = details.get("comment", "")
    return events


def overdue_milestones_for(user, today: datetime.date | None = None):
    """Overdue milestones of grants in an officer's region, most overdue first."""
    region = user.officer_region
    if region is None:
        return Milestone.objects.none()
    return (
        Milestone.objects.overdue(today)
        .in_region(region)
        .select_related("grant", "grant__organization", "grant__issuing_region")
        .order_by("due_date", "grant__contract_number")
    )


def payments_for_officer(user):
    """Payments (拨付记录) of grants issued in an officer's region subtree, newest first, with everything a row shows
    joined and each payment's funding split prefetched (``funding`` list): two queries however many rows."""
    region = user.officer_region
    if region is None:
        return Payment.objects.none()
    return (
        Payment.objects.filter(milestone__grant__issuing_region__path__startswith=region.path)
        .select_related(
            "milestone",
            "milestone__grant",
            "milestone__grant__organization",
            "milestone__grant__issuing_region",
            "milestone__grant__brand_program",
            "released_by",
        )
        .prefetch_related(
            Prefetch("funding_shares", queryset=PaymentFunding.objects.order_by("source"), to_attr="funding")
        )
        .order_by("-paid_on", "-id")
    )


# The officer's milestone work queues: what waits for a review, and what waits for a (second) officer's release.
MILESTONE_QUEUES = ("review", "release")


def _conflicted_organizations(user):
    """Organizations ``user`` is, or was within ``CONFLICT_OF_INTEREST_DAYS``, a member of: the queryset form of
    ``organizations.selectors.conflict_of_interest``, so that a queue can leave them out in one query."""
    since = timezone.now() - datetime.timedelta(days=settings.CONFLICT_OF_INTEREST_DAYS)
    return Organization.objects.filter(
        Q(pk__in=Membership.objects.filter(user=user).values("organization"))
        | Q(pk__in=FormerMembership.objects.filter(user=user, left_at__gte=since).values("organization"))
    ).values("pk")


def milestones_awaiting(user, queue: str):
    """Milestones in an officer's region waiting for them, oldest first. "review": submitted or resubmitted.
    "release": approved by another officer on a grant that may pay (not suspended, terminated or completed): the
    ones this officer approved are left out, since four eyes means someone else releases them."""
    from .models.grants import ACTIVE_STATUSES
    from .models.milestones import MilestoneStatus

    region = user.officer_region
    if region is None:
        return Milestone.objects.none()
    milestones = (
        Milestone.objects.in_region(region)
        .select_related("grant", "grant__organization", "grant__issuing_region", "submitted_by", "approved_by")
        # Only what this officer may act on (the same rules as grants.milestone_review / _release): nothing of an
        # organization they are in conflict with, nothing they submitted themselves.
        .exclude(grant__organization__in=_conflicted_organizations(user))
        .exclude(submitted_by=user)
    )
    if queue == "release":
        return (
            milestones.filter(status=MilestoneStatus.APPROVED, grant__status__in=ACTIVE_STATUSES)
            .exclude(approved_by=user)
            .order_by("reviewed_at", "id")
        )
    return milestones.filter(
        status__in=(MilestoneStatus.SUBMITTED, MilestoneStatus.RESUBMITTED), grant__status__in=ACTIVE_STATUSES
    ).order_by("submitted_at", "id")


def milestone_service_figures(milestone: Milestone):
    """Service figures up to the milestone's date. The service logs of the service-delivery work do not exist yet, so
    there is nothing to show: None (the page says the milestone has no service data rather than inventing any)."""
    return None


def applications_ready_for_grant(user, today: datetime.date | None = None):
    """Approved applications in an officer's region that have no grant yet, with ``notice_ended`` annotated."""
    region = user.officer_region
    if region is None:
        return Application.objects.none()
    today = today or timezone.localdate()
    ended = PublicNotice.objects.filter(applications=OuterRef("pk"), ends_on__lt=today)
    return (
        Application.objects.filter(
            status=ApplicationStatus.APPROVED, call__issuing_region__path__startswith=region.path
        )
        .filter(grant__isnull=True)
        .select_related("call", "organization")
        .annotate(notice_ended=Exists(ended))
        .order_by("-decided_at", "-id")
    )


def evaluations_for_evaluator(user):
    return (
        Evaluation.objects.filter(evaluator=user)
        .select_related("grant", "grant__organization", "grant__issuing_region")
        .order_by("status", "-assigned_at")
    )


def public_grants():
    """Funded projects for the public: no contact persons, no files; published evaluations only."""
    return (
        Grant.objects.select_related("call", "organization", "issuing_region", "brand_program")
        .prefetch_related(
            Prefetch("evaluations", queryset=Evaluation.objects.published().order_by("kind"), to_attr="published"),
            Prefetch("service_regions", queryset=Region.objects.order_by("code"), to_attr="served"),
        )
        .order_by("-signed_on", "-id")
    )


def published_evaluations():
    """Published evaluations, newest first, with each grant's service regions (where the children were served, which
    is what a reader of the results asks, not which bureau issued the call)."""
    return (
        Evaluation.objects.published()
        .select_related("grant", "grant__organization", "grant__issuing_region")
        .prefetch_related(Prefetch("grant__service_regions", queryset=Region.objects.order_by("code")))
        .order_by("-published_at", "-id")
    )


def organization_public_section(organization) -> list[dict]:
    """For the organizations public directory: the grants this organization delivers (public facts only)."""
    from django.urls import reverse

    grants = Grant.objects.filter(organization=organization).order_by("-signed_on", "-id")
    items = [
        (
            f"{grant.title}（{grant.signed_on.year}，{grant.get_status_display()}）",
            reverse("grants:public_project_detail", args=[grant.pk]),
        )
        for grant in grants
    ]
    return [{"title": _("承接的项目"), "items": items}] if items else []
