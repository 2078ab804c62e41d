"""Demo service data for the demo grants: indicators on their calls and targets on their applications, a few hundred
children (some served by two organizations: the same ID number, hence one file), some thousands of service logs,
and baseline/follow-up measurements, so that every delivery page and the planned-vs-delivered panels show figures.

Written with bulk_create (a few dozen statements in all), not through the services: the demo needs volume quickly,
and audit events for invented rows would only clutter the timelines. Idempotent: a grant that already has children
is left alone, indicators and targets are created only where missing. Deterministic (seeded by contract number).
"""

import datetime
import hashlib
import random
from decimal import Decimal

from django.utils import timezone

from core.models import ChildCategory, Region, RegionLevel, ServiceType
from core.validators import id_number_check_char
from grants.models import Grant
from programs.models import (
    IndicatorDirection,
    IndicatorKind,
    MeasuredPer,
    OutcomeIndicator,
    OutcomeTarget,
    PlannedChildren,
    PlannedServiceHours,
)

from .identity import id_number_hash, mask_id_number
from .models import (
    Beneficiary,
    ConsentBy,
    Enrolment,
    Gender,
    GuardianType,
    MeasurementMethod,
    MeasurementPhase,
    OutcomeMeasurement,
    SchoolStage,
    ServiceForm,
    ServiceLog,
)
from .validation import allowed_service_types

CHILDREN_PER_GRANT = 36
SHARED_PER_PAIR = 4  # children also served by the next organization's grant
INDICATORS = [
    # name, kind, unit, direction, per, call target, description
    (
        "儿童心理韧性量表得分",
        IndicatorKind.OUTCOME,
        "分",
        IndicatorDirection.HIGHER,
        MeasuredPer.CHILD,
        "70",
        "CD-RISC 儿童版，前测与后测比较，得分提高视为改善。",
    ),
    (
        "儿童抑郁量表得分",
        IndicatorKind.OUTCOME,
        "分",
        IndicatorDirection.LOWER,
        MeasuredPer.CHILD,
        "60",
        "CDI 量表，得分降低视为改善。",
    ),
    (
        "监护人满意度",
        IndicatorKind.SATISFACTION,
        "%",
        IndicatorDirection.HIGHER,
        MeasuredPer.GRANT,
        "90",
        "项目末期问卷调查，满意及非常满意的比例。",
    ),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "子涵欣怡梓萱一诺浩宇宇轩思远佳怡雨桐俊杰明轩若曦晨阳嘉怡文博雅琪诗涵梓豪可馨天佑"
TOWNSHIPS = ["城关镇", "新集镇", "双河乡", "白云街道", "清水镇", "桃源乡"]
VILLAGES = ["幸福村", "红星村", "长岭村", "和平社区", "新华村", "石桥村"]


def seed_delivery(*, grants: dict | None = None, calls=()) -> None:
    """Service data for every demo grant that has started and has none yet; indicators on ``calls`` (the programs
    demo's calls) too, with targets on their applications."""
    today = timezone.localdate()
    for call in calls:
        _seed_indicators(call)
        for application in call.applications.all():
            _seed_targets(application, call)
    grants = list(
        Grant.objects.filter(pk__in=[g.pk for g in (grants or {}).values()]).select_related(
            "call", "application", "organization"
        )
        if grants
        else Grant.objects.select_related("call", "application", "organization")
    )
    grants = [g for g in grants if g.start_date <= today]
    for call in {g.call for g in grants}:
        _seed_indicators(call)
    for grant in grants:
        _seed_plan(grant)
    fresh = [g for g in sorted(grants, key=lambda g: g.contract_number) if not g.enrolments.exists()]
    if fresh:
        context = _Context(today)
        children_by_grant = _seed_children(fresh, context)
        for grant in fresh:
            _seed_logs_and_measurements(grant, children_by_grant[grant.pk], context)
    running = [g for g in sorted(grants, key=lambda g: g.contract_number) if g.is_active]
    if running:
        _seed_failed_import(running[0])


# Rows a village social worker might really send: a zero duration, a date not yet come, a service the call does not
# buy. The demo keeps the failed import with its error workbook so the page can be seen as a user meets it.
BAD_LOG_ROWS = [
    (0, "监护指导", "个案", "0"),
    (400, "监护指导", "个案", "60"),
    (0, "园艺疗法", "小组", "90"),
]


def _seed_failed_import(grant) -> None:
    """One service-log upload with bad rows, refused whole, with its error workbook (idempotent)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from organizations.models import MemberRole

    from .excel.templates import build_template
    from .models import ImportBatch, ImportStatus
    from .services.imports import import_batch_create, import_batch_start

    if ImportBatch.objects.filter(grant=grant, status=ImportStatus.FAILED).exists():
        return
    admin = grant.organization.memberships.filter(role=MemberRole.ADMIN).select_related("user").first()
    enrolment = grant.enrolments.select_related("beneficiary").first()
    if admin is None or enrolment is None:
        return
    workbook = load_workbook(io.BytesIO(build_template(grant, "service_logs")))
    sheet = workbook["服务记录"]
    example = [cell.value for cell in sheet[2]]
    sheet.delete_rows(2, sheet.max_row)
    day = max(grant.start_date, timezone.localdate() - datetime.timedelta(days=7))
    for offset, service, form, minutes in BAD_LOG_ROWS:
        row = list(example)
        row[0] = (day + datetime.timedelta(days=offset)).isoformat()
        row[1], row[2], row[3] = service, form, minutes
        row[6] = enrolment.beneficiary.code
        row[12] = "入户走访"
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("服务记录（11月）.xlsx", buffer.getvalue())
    batch = import_batch_create(grant=grant, actor=admin.user, kind="service_logs", upload=upload)
    import_batch_start(batch=batch, actor=admin.user)


class _Context:
    def __init__(self, today):
        self.today = today
        self.categories = {c.code: c for c in ChildCategory.objects.all()}
        self.types = list(
            ServiceType.objects.active().filter(
                code__in=["guardianship", "counselling", "tutoring", "integration", "safety"]
            )
        )
        self.creator_cache = {}


def _rng(grant, salt="") -> random.Random:
    return random.Random(int(hashlib.sha256(f"{grant.contract_number}{salt}".encode()).hexdigest()[:12], 16))


def _seed_indicators(call) -> None:
    if not call.indicators.exists():
        OutcomeIndicator.objects.bulk_create(
            OutcomeIndicator(
                call=call,
                order=order,
                name=name,
                kind=kind,
                unit=unit,
                direction=direction,
                measured_per=per,
                target=Decimal(target),
                description=description,
            )
            for order, (name, kind, unit, direction, per, target, description) in enumerate(INDICATORS)
        )


def _seed_plan(grant) -> None:
    """What the demo application promised, where the demo application left it out; and its indicator targets
    (the free-text 成效目标 stays as 补充说明)."""
    application = grant.application
    if not application.planned_children.exists():
        PlannedChildren.objects.bulk_create(
            [
                PlannedChildren(
                    application=application, category=ChildCategory.objects.get(code="left_behind"), count=30
                ),
                PlannedChildren(
                    application=application, category=ChildCategory.objects.get(code="in_difficulty"), count=10
                ),
            ]
        )
    if not application.planned_hours.exists():
        PlannedServiceHours.objects.bulk_create(
            PlannedServiceHours(application=application, service_type=ServiceType.objects.get(code=code), hours=hours)
            for code, hours in (("guardianship", 200), ("counselling", 150), ("tutoring", 120))
        )
    if not application.planned_cases:
        application.planned_cases, application.planned_groups = 20, 3
        application.planned_group_sessions, application.planned_events = 18, 6
        application.save(update_fields=["planned_cases", "planned_groups", "planned_group_sessions", "planned_events"])
    _seed_targets(application, grant.call)


def _seed_targets(application, call) -> None:
    existing = set(application.indicator_targets.values_list("indicator_id", flat=True))
    OutcomeTarget.objects.bulk_create(
        OutcomeTarget(
            application=application,
            indicator=indicator,
            target_value=indicator.target + (5 if indicator.is_per_child else 2),
            note="依据申报书成效目标（演示数据）",
        )
        for indicator in call.indicators.all()
        if indicator.pk not in existing and indicator.target is not None
    )


def _counties(grant) -> list:
    counties = [r for r in grant.service_regions.all() if r.level == RegionLevel.COUNTY]
    if counties:
        return counties
    region = grant.organization.registration_region
    return list(Region.objects.filter(path__startswith=region.path, level=RegionLevel.COUNTY)[:3]) or [
        Region.objects.filter(level=RegionLevel.COUNTY).first()
    ]


def _id_number(county_code: str, born: datetime.date, serial: int) -> str:
    first17 = f"{county_code}{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_number_check_char(first17)


def _creator(grant, context):
    if grant.organization_id not in context.creator_cache:
        membership = grant.organization.memberships.select_related("user").order_by("pk").first()
        context.creator_cache[grant.organization_id] = membership.user if membership else grant.created_by
    return context.creator_cache[grant.organization_id]


def _seed_children(grants, context) -> dict:
    """Children per grant; the first few of each grant are also served under the next grant (another organization
    where there is one), recorded there from their ID number, so the two enrolments find one file."""
    codes = ["left_behind", "left_behind", "left_behind", "in_difficulty", "orphan", "unsupported", "disabled"]
    planned: list[tuple] = []  # (grant, number or None, attributes, category codes, name)
    for grant in grants:
        rng = _rng(grant, "children")
        counties = _counties(grant)
        for serial in range(CHILDREN_PER_GRANT):
            county = counties[serial % len(counties)]
            born = datetime.date(rng.randint(2009, 2020), rng.randint(1, 12), rng.randint(1, 28))
            has_id = serial % 12 != 11  # one child in twelve has no ID number (未落户)
            number = _id_number(county.code, born, grant.pk * 37 + serial) if has_id else None
            attributes = {
                "gender": Gender.MALE
                if (number and int(number[16]) % 2) or (not number and serial % 2)
                else Gender.FEMALE,
                "birth_year": born.year,
                "birth_month": born.month,
                "county": county,
                "township": TOWNSHIPS[serial % len(TOWNSHIPS)],
                "guardian_type": rng.choice([GuardianType.GRANDPARENTS] * 3 + list(GuardianType.values)),
                "school_stage": SchoolStage.PRIMARY
                if born.year >= 2013
                else rng.choice([SchoolStage.JUNIOR, SchoolStage.SENIOR, SchoolStage.VOCATIONAL]),
            }
            category_codes = {rng.choice(codes)} | ({"disabled"} if serial % 15 == 0 else set())
            name = rng.choice(SURNAMES) + rng.choice(GIVEN[::2]) + rng.choice(GIVEN[1::2])
            planned.append((grant, number, attributes, category_codes, name))
    # Create each file once (by hash); no-ID children belong to their organization.
    by_hash: dict[str, Beneficiary] = {}
    new: list[Beneficiary] = []
    rows: list[tuple] = []
    existing = {}
    hashes = {id_number_hash(number) for _, number, *_ in planned if number}
    for child in Beneficiary.objects.filter(id_hash__in=hashes):
        existing[child.id_hash] = child
    for grant, number, attributes, category_codes, name in planned:
        if number:
            digest = id_number_hash(number)
            child = by_hash.get(digest) or existing.get(digest)
            if child is None:
                child = Beneficiary(id_hash=digest, id_masked=mask_id_number(number), **attributes)
                by_hash[digest] = child
                new.append(child)
        else:
            child = Beneficiary(no_id_reason="未落户，户籍办理中", owner_organization=grant.organization, **attributes)
            new.append(child)
        rows.append((grant, child, category_codes, name))
    Beneficiary.objects.bulk_create(new)
    if not new or new[0].pk is None:  # backends that return no ids: read them back by hash
        raise RuntimeError("bulk_create did not return primary keys")
    new_ids = {child.pk for child in new}
    through = Beneficiary.categories.through
    through.objects.bulk_create(
        [
            through(beneficiary_id=child.pk, childcategory_id=context.categories[code].pk)
            for _, child, codes_, _ in rows
            if child.pk in new_ids
            for code in codes_
        ],
        ignore_conflicts=True,
    )
    # Shared children: the first SHARED_PER_PAIR of each grant are also enrolled on the next grant.
    enrolments = []
    children_by_grant: dict[int, list] = {g.pk: [] for g in grants}
    for grant, child, _, name in rows:
        children_by_grant[grant.pk].append((child, name))
    for index, grant in enumerate(grants):
        # The next grant of another organization: the shared children are served by two organizations.
        others = [g for g in grants[index + 1 :] + grants[:index] if g.organization_id != grant.organization_id]
        if not others:
            continue
        following = others[0]
        shared = [(c, n) for c, n in children_by_grant[grant.pk][: SHARED_PER_PAIR + 1] if c.id_hash]
        children_by_grant[following.pk].extend(shared[:SHARED_PER_PAIR])
    for grant in grants:
        rng = _rng(grant, "consent")
        latest = min(context.today, grant.end_date)
        span = max((latest - grant.start_date).days, 1)
        seen = set()
        for child, name in children_by_grant[grant.pk]:
            if child.pk in seen:
                continue
            seen.add(child.pk)
            enrolments.append(
                Enrolment(
                    beneficiary=child,
                    grant=grant,
                    organization=grant.organization,
                    name=name,
                    consent_date=grant.start_date + datetime.timedelta(days=int(rng.random() ** 2 * span * 0.6)),
                    consent_by=rng.choice([ConsentBy.GRANDPARENT, ConsentBy.MOTHER, ConsentBy.FATHER]),
                    created_by=_creator(grant, context),
                )
            )
    Enrolment.objects.bulk_create(enrolments, ignore_conflicts=True)
    return {g.pk: list(Enrolment.objects.filter(grant=g).select_related("beneficiary").order_by("pk")) for g in grants}


def _seed_logs_and_measurements(grant, enrolments, context) -> None:
    rng = _rng(grant, "logs")
    today = context.today
    last = min(today, grant.end_date)
    days = (last - grant.start_date).days
    if days < 1 or not enrolments:
        return
    staff = list(grant.organization.staff_members.filter(left_on__isnull=True))
    creator = _creator(grant, context)
    allowed = allowed_service_types(grant)
    types = [t for t in context.types if t in allowed] or list(allowed[:5])
    # Roughly 4 logs a week over the period so far, some hundreds per grant.
    count = max(20, min(600, days * 4 // 7 * 3))
    logs, attendee_rows = [], []
    forms = (
        [ServiceForm.CASE] * 9
        + [ServiceForm.HOME_VISIT] * 3
        + [ServiceForm.PHONE] * 2
        + [ServiceForm.GROUP] * 4
        + [ServiceForm.EVENT] * 2
    )
    for number in range(count):
        form = rng.choice(forms)
        enrolment = rng.choice(enrolments)
        day = max(enrolment.consent_date, grant.start_date + datetime.timedelta(days=rng.randint(0, days)))
        if day > last:
            day = last
        volunteer = not staff or rng.random() < 0.25
        log = ServiceLog(
            grant=grant,
            date=day,
            service_type=rng.choice(types),
            form=form,
            minutes=rng.choice([30, 45, 60, 60, 90, 120])
            if form not in (ServiceForm.EVENT,)
            else rng.choice([90, 120, 180]),
            staff_member=None if volunteer else rng.choice(staff),
            volunteer_name=rng.choice(["刘志愿", "陈志愿", "大学生志愿者周", "社区志愿者何"]) if volunteer else "",
            township=enrolment.beneficiary.township,
            village=rng.choice(VILLAGES),
            created_by=creator,
            notes="按服务计划开展（演示数据）。",
        )
        if form in (ServiceForm.GROUP, ServiceForm.EVENT):
            present = rng.sample(enrolments, min(len(enrolments), rng.randint(4, 10)))
            log.head_count = len(present) + (rng.randint(10, 40) if form == ServiceForm.EVENT else rng.randint(0, 2))
            log.group_name = f"成长小组{'ABC'[number % 3]}" if form == ServiceForm.GROUP else ""
            attendee_rows.append((log, present))
        else:
            log.beneficiary = enrolment.beneficiary
        logs.append(log)
    ServiceLog.objects.bulk_create(logs, batch_size=500)
    through = ServiceLog.attendees.through
    through.objects.bulk_create(
        [
            through(servicelog_id=log.pk, beneficiary_id=e.beneficiary_id)
            for log, present in attendee_rows
            for e in present
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    _seed_measurements(grant, enrolments, context, creator)


def _seed_measurements(grant, enrolments, context, creator) -> None:
    rng = _rng(grant, "measurements")
    today = context.today
    measurements = []
    for indicator in grant.call.indicators.all():
        if indicator.measured_per == MeasuredPer.GRANT:
            day = min(today, grant.start_date + datetime.timedelta(days=150))
            if day >= grant.start_date:
                measurements.append(
                    OutcomeMeasurement(
                        indicator=indicator,
                        grant=grant,
                        phase=MeasurementPhase.SINGLE,
                        value=Decimal(rng.randint(84, 98)),
                        measured_on=day,
                        method=MeasurementMethod.SURVEY,
                        created_by=creator,
                    )
                )
            continue
        higher = indicator.direction == IndicatorDirection.HIGHER
        for enrolment in enrolments:
            if rng.random() < 0.15:
                continue
            baseline_day = enrolment.consent_date + datetime.timedelta(days=7)
            if baseline_day > today:
                continue
            before = rng.randint(30, 70)
            measurements.append(
                OutcomeMeasurement(
                    indicator=indicator,
                    grant=grant,
                    beneficiary_id=enrolment.beneficiary_id,
                    phase=MeasurementPhase.BASELINE,
                    value=Decimal(before),
                    measured_on=baseline_day,
                    method=MeasurementMethod.SCALE,
                    created_by=creator,
                )
            )
            followup_day = baseline_day + datetime.timedelta(days=120)
            if followup_day > min(today, grant.end_date) or rng.random() < 0.2:
                continue
            change = rng.randint(-4, 12) * (1 if higher else -1)
            measurements.append(
                OutcomeMeasurement(
                    indicator=indicator,
                    grant=grant,
                    beneficiary_id=enrolment.beneficiary_id,
                    phase=MeasurementPhase.FOLLOWUP,
                    value=Decimal(max(before + change, 0)),
                    measured_on=followup_day,
                    method=MeasurementMethod.SCALE,
                    created_by=creator,
                )
            )
    OutcomeMeasurement.objects.bulk_create(measurements, batch_size=1000)
