"""Planned against delivered (计划与完成): what the application promised, what the service data show, and the gap.

Every figure is a database aggregate (one query per block, one per indicator); nothing loops over logs or children.
With ``until`` (a milestone's due date) only data dated on or before it count, and countable outputs are compared
with the share of the plan due by then (the plan × the elapsed share of the contract period), so a mid-term milestone
is not "behind" for not having done the whole year's work.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.choices import reference_rows
from core.models import ChildCategory
from programs.models import IndicatorDirection, MeasuredPer, OutcomeTarget, PlannedChildren, PlannedServiceHours

from ..models import Beneficiary, Enrolment, MeasurementPhase, OutcomeMeasurement, ServiceForm, ServiceLog

MET = "met"
BEHIND = "behind"
NO_PLAN = "no_plan"
NO_DATA = "no_data"


@dataclass
class SummaryRow:
    group: str  # children / hours / outputs / cost / indicators
    label: str
    unit: str
    planned: Decimal | int | None  # the whole promise
    expected: Decimal | int | None  # the part of it due by ``until``
    delivered: Decimal | int | None
    status: str
    extra: str = ""  # e.g. volunteer hours, attendance

    @property
    def gap(self):
        if self.expected is None or self.delivered is None:
            return None
        return self.delivered - self.expected

    @property
    def is_behind(self) -> bool:
        return self.status == BEHIND


@dataclass
class DeliverySummary:
    grant: object
    until: datetime.date
    elapsed_share: Decimal
    rows: list[SummaryRow]
    children_served: int

    @property
    def behind(self) -> list[SummaryRow]:
        return [row for row in self.rows if row.is_behind]

    def by_group(self, group: str) -> list[SummaryRow]:
        return [row for row in self.rows if row.group == group]


def elapsed_share(grant, until: datetime.date) -> Decimal:
    """The share (0–1) of the contract period that has passed by ``until``."""
    return _share(grant.start_date, grant.end_date, until)


def _expected(planned, share: Decimal):
    if planned is None:
        return None
    return (Decimal(planned) * share).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _count_row(group, label, unit, planned, delivered, share, extra="") -> SummaryRow:
    """A countable output: met once the delivered figure reaches the share of the plan due by now."""
    if not planned:
        return SummaryRow(group, label, unit, planned or None, None, delivered, NO_PLAN, extra)
    expected = _expected(planned, share)
    status = MET if Decimal(delivered or 0) >= expected else BEHIND
    return SummaryRow(group, label, unit, planned, expected, delivered, status, extra)


def _hours(minutes) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _served_enrolments(grant, until):
    # A child counts from the guardian's consent (the day the service relationship began, as entered).
    return Enrolment.objects.filter(grant=grant, consent_date__lte=until)


def _children_rows(grant, until, share) -> tuple[list[SummaryRow], int]:
    served = _served_enrolments(grant, until)
    total = served.count()
    per_category = dict(
        ChildCategory.objects.filter(beneficiaries__enrolments__in=served)
        .values_list("pk")
        .annotate(n=Count("beneficiaries", distinct=True))
    )
    planned = {p.category_id: p for p in PlannedChildren.objects.filter(application=grant.application_id)}
    categories = [
        category
        for category in reference_rows(ChildCategory.objects.order_by("order", "code"))
        if category.pk in planned or category.pk in per_category
    ]
    rows = [
        _count_row(
            "children",
            category.name,
            _("人"),
            planned[category.pk].count if category.pk in planned else None,
            per_category.get(category.pk, 0),
            share,
        )
        for category in categories
    ]
    planned_total = sum(p.count for p in planned.values())
    rows.append(_count_row("children", _("服务儿童合计"), _("人"), planned_total, total, share))
    return rows, total


def _hour_rows(grant, logs, share) -> list[SummaryRow]:
    delivered = {
        row["service_type"]: row
        for row in logs.values("service_type")
        .annotate(
            professional=Sum("minutes", filter=Q(staff_member__isnull=False)),
            volunteer=Sum("minutes", filter=Q(staff_member__isnull=True)),
        )
        .order_by()
    }
    planned = {
        p.service_type_id: p
        for p in PlannedServiceHours.objects.filter(application=grant.application_id).select_related("service_type")
    }
    from core.models import ServiceType

    types = [
        service_type
        for service_type in reference_rows(ServiceType.objects.order_by("order", "code"))
        if service_type.pk in planned or service_type.pk in delivered
    ]
    rows = []
    for service_type in types:
        row = delivered.get(service_type.pk, {})
        volunteer = _hours(row.get("volunteer"))
        rows.append(
            # Professional hours are what the plan bought; volunteer hours are shown beside them, not counted in.
            _count_row(
                "hours",
                service_type.name,
                _("小时"),
                planned[service_type.pk].hours if service_type.pk in planned else None,
                _hours(row.get("professional")),
                share,
                extra=_("志愿服务 %(hours)s 小时") % {"hours": volunteer} if volunteer else "",
            )
        )
    return rows


def _output_rows(grant, logs, share) -> list[SummaryRow]:
    figures = logs.aggregate(
        cases=Count("beneficiary", filter=Q(form=ServiceForm.CASE), distinct=True),
        groups=Count("group_name", filter=Q(form=ServiceForm.GROUP) & ~Q(group_name=""), distinct=True),
        sessions=Count("pk", filter=Q(form=ServiceForm.GROUP)),
        events=Count("pk", filter=Q(form=ServiceForm.EVENT)),
        attendance=Sum("head_count", filter=Q(form=ServiceForm.EVENT)),
    )
    application = grant.application
    return [
        _count_row("outputs", _("个案数"), _("个"), application.planned_cases, figures["cases"], share),
        _count_row("outputs", _("小组数"), _("个"), application.planned_groups, figures["groups"], share),
        _count_row("outputs", _("小组节数"), _("节"), application.planned_group_sessions, figures["sessions"], share),
        _count_row(
            "outputs",
            _("社区活动场次"),
            _("场"),
            application.planned_events,
            figures["events"],
            share,
            extra=_("参与 %(count)s 人次") % {"count": figures["attendance"] or 0},
        ),
    ]


def _cost_row(grant, children_served: int, planned_children: int) -> SummaryRow:
    money = Decimal("0.01")
    planned = (grant.amount / planned_children).quantize(money) if planned_children else None
    delivered = (grant.amount / children_served).quantize(money) if children_served else None
    if planned is None:
        status = NO_PLAN
    elif delivered is None:
        status = NO_DATA
    else:
        # Lower is better: the contract sum spread over more children than planned is a good sign.
        status = MET if delivered <= planned else BEHIND
    return SummaryRow("cost", _("每名儿童服务成本"), _("元"), planned, planned, delivered, status)


def _improved_share(grant, indicator, until) -> tuple[int, int]:
    """(children measured at baseline and follow-up, of whom improved): one query over per-child subqueries."""
    measurements = OutcomeMeasurement.objects.filter(
        grant=grant, indicator=indicator, beneficiary=OuterRef("pk"), measured_on__lte=until
    )
    value = DecimalField(max_digits=12, decimal_places=2)
    baseline = measurements.filter(phase=MeasurementPhase.BASELINE).order_by("measured_on", "pk").values("value")[:1]
    latest = measurements.filter(phase=MeasurementPhase.FOLLOWUP).order_by("-measured_on", "-pk").values("value")[:1]
    better = (
        Q(latest__gt=F("baseline")) if indicator.direction == IndicatorDirection.HIGHER else Q(latest__lt=F("baseline"))
    )
    figures = (
        Beneficiary.objects.served_under(grant)
        .annotate(baseline=Subquery(baseline, output_field=value), latest=Subquery(latest, output_field=value))
        .filter(baseline__isnull=False, latest__isnull=False)
        .aggregate(measured=Count("pk"), improved=Count("pk", filter=better))
    )
    return figures["measured"], figures["improved"]


def _indicator_rows(grant, until) -> list[SummaryRow]:
    targets = {t.indicator_id: t.target_value for t in OutcomeTarget.objects.filter(application=grant.application_id)}
    indicators = list(grant.call.indicators.all())
    per_grant_latest = {}
    grant_level = [i.pk for i in indicators if i.measured_per == MeasuredPer.GRANT]
    if grant_level:
        latest = (
            OutcomeMeasurement.objects.filter(grant=grant, indicator=OuterRef("pk"), measured_on__lte=until)
            .order_by("-measured_on", "-pk")
            .values("value")[:1]
        )
        per_grant_latest = dict(
            grant.call.indicators.filter(pk__in=grant_level)
            .annotate(latest=Subquery(latest, output_field=DecimalField(max_digits=12, decimal_places=2)))
            .values_list("pk", "latest")
        )
    rows = []
    for indicator in indicators:
        target = targets.get(indicator.pk, indicator.target)
        if indicator.measured_per == MeasuredPer.CHILD:
            measured, improved = _improved_share(grant, indicator, until)
            delivered = (Decimal(improved * 100) / measured).quantize(Decimal("0.1")) if measured else None
            label = _("%(name)s：改善儿童比例") % {"name": indicator.name}
            extra = _("完成前后测 %(measured)s 人，改善 %(improved)s 人") % {
                "improved": improved,
                "measured": measured,
            }
            met = delivered is not None and target is not None and delivered >= target
        else:
            delivered = per_grant_latest.get(indicator.pk)
            label, extra = indicator.name, indicator.get_kind_display()
            higher = indicator.direction == IndicatorDirection.HIGHER
            met = (
                delivered is not None
                and target is not None
                and (delivered >= target if higher else delivered <= target)
            )
        if target is None:
            status = NO_PLAN
        elif delivered is None:
            status = NO_DATA
        else:
            status = MET if met else BEHIND
        rows.append(SummaryRow("indicators", label, indicator.target_unit, target, target, delivered, status, extra))
    return rows


def grant_delivery_summary(grant, until: datetime.date | None = None) -> DeliverySummary:
    """Planned against delivered for ``grant`` up to ``until`` (default today): children by category, professional
    (and volunteer) hours by service type, cases, groups and sessions, events and attendance, cost per child, the
    share of children improved on each per-child indicator and the latest value of each per-grant indicator."""
    until = until or timezone.localdate()
    share = elapsed_share(grant, until)
    logs = ServiceLog.objects.filter(grant=grant, date__lte=until)
    children_rows, served = _children_rows(grant, until, share)
    planned_children = children_rows[-1].planned or 0
    rows = [
        *children_rows,
        *_hour_rows(grant, logs, share),
        *_output_rows(grant, logs, share),
        _cost_row(grant, served, planned_children),
        *_indicator_rows(grant, until),
    ]
    return DeliverySummary(grant=grant, until=until, elapsed_share=share, rows=rows, children_served=served)


def grants_behind_plan(queryset, today: datetime.date | None = None):
    """The grants of ``queryset`` whose delivery is behind plan today: fewer children served, or fewer professional
    hours logged, than the share of the plan due by now. A few aggregate queries over the whole queryset (no query
    per grant), then ``queryset.filter(pk__in=…)``, so it chains with the list's other filters."""
    today = today or timezone.localdate()
    grants = list(queryset.values("pk", "application_id", "start_date", "end_date"))
    if not grants:
        return queryset.none()
    ids = [g["pk"] for g in grants]
    applications = [g["application_id"] for g in grants]
    planned_children = dict(
        PlannedChildren.objects.filter(application__in=applications)
        .values("application")
        .annotate(n=Sum("count"))
        .values_list("application", "n")
    )
    planned_hours = dict(
        PlannedServiceHours.objects.filter(application__in=applications)
        .values("application")
        .annotate(n=Sum("hours"))
        .values_list("application", "n")
    )
    served = dict(
        Enrolment.objects.filter(grant__in=ids, consent_date__lte=today)
        .values("grant")
        .annotate(n=Count("pk"))
        .values_list("grant", "n")
    )
    minutes = dict(
        ServiceLog.objects.filter(grant__in=ids, date__lte=today, staff_member__isnull=False)
        .values("grant")
        .annotate(n=Sum("minutes"))
        .values_list("grant", "n")
    )
    behind = []
    for g in grants:
        if g["start_date"] > today:
            continue
        share = _share(g["start_date"], g["end_date"], today)
        children_due = planned_children.get(g["application_id"]) or 0
        hours_due = planned_hours.get(g["application_id"]) or 0
        if (children_due and served.get(g["pk"], 0) < children_due * share) or (
            hours_due and _hours(minutes.get(g["pk"])) < hours_due * share
        ):
            behind.append(g["pk"])
    return queryset.filter(pk__in=behind)


def _share(start: datetime.date, end: datetime.date, today: datetime.date) -> Decimal:
    total = (end - start).days or 1
    return Decimal(min(max((today - start).days, 0), total)) / Decimal(total)
