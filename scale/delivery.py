"""Children, enrolments and service logs of a generated province: the large tables, written with ``COPY`` on
PostgreSQL (see ``scale.rows``). Rows are produced grant by grant, so memory stays flat whatever the size."""

import datetime
import hashlib
from array import array

from delivery.models import Beneficiary, Enrolment, ServiceLog
from grants.models import Grant
from organizations.models import StaffMember

from .rows import copy_rows, next_id, reset_sequences
from .sizes import FORM_WEIGHTS, MINUTES, SECOND_CATEGORY_SHARE, VOLUNTEER_SHARE

COLLECTIVE = {"group", "event"}
REUSED_SHARE = 0.1  # enrolments of a child already served by an earlier grant of the same organization
NOTES = [
    "入户走访，了解儿童学习与生活情况",
    "与监护人沟通监护责任与安全注意事项",
    "开展情绪疏导，儿童情绪较上次平稳",
    "辅导作业，讲解数学和语文难点",
    "电话回访，了解近期在校表现",
    "小组活动：自我认识与同伴交往",
    "社区安全教育活动：防溺水、交通安全",
]
GUARDIANS = ["grandparents"] * 5 + ["parents"] * 3 + ["other_relatives", "entrusted"]
CONSENT_BY = {"grandparents": "grandparent", "parents": "mother", "other_relatives": "other_relative"}


def _stage(age: int) -> str:
    if age < 6:
        return "preschool"
    if age < 12:
        return "primary"
    if age < 15:
        return "junior"
    return "senior" if age < 18 else "out_of_school"


def _shares(rng, total: int, n: int, sigma: float = 0.8) -> list[int]:
    """``total`` split over ``n`` parts with a long tail (log-normal weights), each part at least 1."""
    weights = [rng.lognormvariate(0, sigma) for _ in range(n)]
    scale = total / sum(weights)
    parts = [max(1, int(w * scale)) for w in weights]
    parts[0] += total - sum(parts)  # rounding goes to the first
    if parts[0] < 1:
        parts[0] = 1
    return parts


class _Plan:
    """Per grant: the ids of its children (new ones are a contiguous range), filled as the children are written."""

    def __init__(self, grant, county_id, new_children):
        self.grant = grant
        self.county_id = county_id
        self.new_children = new_children
        self.first_child = 0
        self.children: list[int] = []


def add_service_data(world, grants: list[Grant], children: int, service_logs: int) -> None:
    rng = world.rng
    if not grants:
        return
    service_county = dict(Grant.service_regions.through.objects.filter(grant__in=grants).values_list("grant", "region"))
    plans = [
        _Plan(grant, service_county[grant.pk], n)
        for grant, n in zip(grants, _shares(rng, children, len(grants)), strict=True)
    ]
    next_child = next_id(Beneficiary)
    for plan in plans:
        plan.first_child = next_child
        next_child += plan.new_children
    copy_rows(Beneficiary, _BENEFICIARY_FIELDS, _beneficiaries(world, plans), world.timer)
    copy_rows(
        Beneficiary.categories.through, ["beneficiary_id", "childcategory_id"], _categories(world, plans), world.timer
    )
    copy_rows(Enrolment, _ENROLMENT_FIELDS, _enrolments(world, plans), world.timer)
    staff: dict[int, list[int]] = {}
    organizations = {g.organization_id for g in grants}
    roster = StaffMember.objects.filter(organization__in=organizations).values_list("organization", "pk")
    for org_id, staff_id in roster:
        staff.setdefault(org_id, []).append(staff_id)
    attendees = array("q")
    log_counts = _shares(rng, service_logs, len(plans), sigma=0.5)
    first_log = next_id(ServiceLog)
    copy_rows(ServiceLog, _LOG_FIELDS, _logs(world, plans, log_counts, staff, first_log, attendees), world.timer)
    copy_rows(
        ServiceLog.attendees.through,
        ["servicelog_id", "beneficiary_id"],
        ((attendees[i], attendees[i + 1]) for i in range(0, len(attendees), 2)),
        world.timer,
    )
    reset_sequences(Beneficiary, ServiceLog)


_BENEFICIARY_FIELDS = [
    "id",
    "id_hash",
    "id_masked",
    "no_id_reason",
    "owner_organization_id",
    "gender",
    "birth_year",
    "birth_month",
    "county_id",
    "township",
    "guardian_type",
    "school_stage",
]


def _beneficiaries(world, plans):
    rng, year = world.rng, world.today.year
    for plan in plans:
        county_id = plan.county_id
        for child_id in range(plan.first_child, plan.first_child + plan.new_children):
            # Most children live in the county the grant serves; some in a neighbouring one of the same 市州.
            county = county_id if rng.random() < 0.9 else world.neighbour_county(county_id)
            age = rng.randint(3, 17)
            with_id = rng.random() < 0.95
            yield (
                child_id,
                hashlib.sha256(f"scale-child-{child_id}".encode()).hexdigest() if with_id else None,
                f"420***********{child_id % 10000:04d}" if with_id else "",
                "" if with_id else "暂未办理身份证",
                None if with_id else plan.grant.organization_id,
                "male" if rng.random() < 0.52 else "female",
                year - age,
                rng.randint(1, 12),
                county,
                world.township(county),
                rng.choice(GUARDIANS),
                _stage(age),
            )


def _categories(world, plans):
    rng = world.rng
    for plan in plans:
        for child_id in range(plan.first_child, plan.first_child + plan.new_children):
            first = world.category()
            yield (child_id, first)
            if rng.random() < SECOND_CATEGORY_SHARE:
                second = world.category()
                if second != first:
                    yield (child_id, second)


_ENROLMENT_FIELDS = ["beneficiary_id", "grant_id", "organization_id", "consent_date", "consent_by", "created_by_id"]


def _enrolments(world, plans):
    """Each grant's new children, and some children an earlier grant of the same organization served."""
    rng = world.rng
    served: dict[int, list[range]] = {}
    for plan in plans:
        grant = plan.grant
        children = list(range(plan.first_child, plan.first_child + plan.new_children))
        earlier = served.get(grant.organization_id, [])
        if earlier:
            pool = rng.choice(earlier)
            reused = rng.sample(pool, min(len(pool), int(plan.new_children * REUSED_SHARE)))
            children.extend(reused)
        own = range(plan.first_child, plan.first_child + plan.new_children)
        served.setdefault(grant.organization_id, []).append(own)
        plan.children = children
        last_day = max(grant.start_date, min(grant.end_date, world.today))
        span = (last_day - grant.start_date).days
        for child_id in children:
            yield (
                child_id,
                grant.pk,
                grant.organization_id,
                grant.start_date + datetime.timedelta(days=rng.randint(0, min(span, 60))),
                rng.choice(["grandparent", "mother", "father", "other_relative"]),
                world.recorder.pk,
            )


_LOG_FIELDS = [
    "id",
    "grant_id",
    "date",
    "service_type_id",
    "form",
    "minutes",
    "staff_member_id",
    "volunteer_name",
    "beneficiary_id",
    "head_count",
    "group_name",
    "township",
    "village",
    "notes",
    "row_key",
    "created_by_id",
    "created_at",
]


def _logs(world, plans, counts, staff, first_log, attendees):
    rng = world.rng
    forms, form_weights = list(FORM_WEIGHTS), list(FORM_WEIGHTS.values())
    recorder = world.recorder.pk
    tz = world.now.tzinfo
    log_id = first_log
    for plan, count in zip(plans, counts, strict=True):
        grant = plan.grant
        children = plan.children
        roster = staff.get(grant.organization_id) or [None]
        last_day = max(grant.start_date, min(grant.end_date, world.today))
        span = (last_day - grant.start_date).days
        for form in rng.choices(forms, form_weights, k=count):
            day = grant.start_date + datetime.timedelta(days=rng.randint(0, span))
            low, high = MINUTES[form]
            staff_id = None if rng.random() < VOLUNTEER_SHARE else rng.choice(roster)
            if form in COLLECTIVE:
                child, head_count = None, rng.randint(5, 30)
                group = f"成长小组{rng.randint(1, 4)}" if form == "group" else ""
                if form == "group" and rng.random() < 0.4:
                    for attendee in rng.sample(children, min(len(children), rng.randint(3, 6))):
                        attendees.append(log_id)
                        attendees.append(attendee)
            else:
                child, head_count, group = rng.choice(children), 1, ""
            yield (
                log_id,
                grant.pk,
                day,
                world.service_type(),
                form,
                rng.randrange(low, high + 1, 5),
                staff_id,
                "" if staff_id else f"志愿者{rng.randint(1, 50)}",
                child,
                head_count,
                group,
                world.township(plan.county_id),
                "",
                rng.choice(NOTES),
                "",
                recorder,
                datetime.datetime.combine(day, datetime.time(18), tzinfo=tz),
            )
            log_id += 1
