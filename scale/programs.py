"""Organizations, calls, applications, grants, milestones and payments of a generated province (bulk_create: the
largest of these tables holds tens of thousands of rows)."""

import datetime
import time
from decimal import Decimal

from django.db.models import Q

from core.models import Region
from core.validators import credit_code_check_char
from grants.models import (
    Evaluation,
    Grant,
    GrantFunding,
    GrantStatus,
    Milestone,
    MilestoneStatus,
    Payment,
    PaymentFunding,
)
from organizations.models import Organization, OrganizationType, Qualification, Rating, StaffMember, VerificationStatus
from programs.models import (
    Application,
    ApplicationStatus,
    BrandProgram,
    BudgetLine,
    Call,
    CallStatus,
    FundingSource,
    ReviewAssignment,
    RubricCriterion,
    TrancheTemplate,
)

from .rows import BATCH
from .sizes import BRAND_SHARE, BRANDS, MILESTONES_PER_GRANT

# One cycle of 20 applications: 40 % approved (the grants), 15 % rejected, 15 % under review, 10 % submitted,
# 10 % returned, 10 % drafts.
APPLICATION_CYCLE = (
    [ApplicationStatus.APPROVED] * 8
    + [ApplicationStatus.REJECTED] * 3
    + [ApplicationStatus.UNDER_REVIEW] * 3
    + [ApplicationStatus.SUBMITTED] * 2
    + [ApplicationStatus.RETURNED] * 2
    + [ApplicationStatus.DRAFT] * 2
)
BUDGET = [("personnel", "社工补贴"), ("activity", "小组活动"), ("admin", "管理")]
REVIEWED = {ApplicationStatus.UNDER_REVIEW, ApplicationStatus.APPROVED, ApplicationStatus.REJECTED}


def _timed(world, label, rows, started):
    world.timer.add(label, rows, time.perf_counter() - started)


def credit_code(serial: int, region_code: str) -> str:
    first17 = f"52{region_code}MJ{serial:07d}"
    return first17 + credit_code_check_char(first17)


def add_brands(world) -> None:
    started = time.perf_counter()
    existing = set(BrandProgram.objects.values_list("slug", flat=True))
    new = [
        BrandProgram(name=name, slug=slug, partner=partner, start_year=2015 + i, description=f"{name}：品牌项目。")
        for i, (name, slug, partner) in enumerate(BRANDS)
        if slug not in existing
    ]
    BrandProgram.objects.bulk_create(new)
    world.brands = list(BrandProgram.objects.all())
    through = BrandProgram.regions.through
    through.objects.bulk_create(
        [
            through(brandprogram_id=brand.pk, region_id=prefecture.pk)
            for brand in BrandProgram.objects.filter(slug__in=[b.slug for b in new])
            for prefecture in world.rng.sample(world.prefectures, 5)
        ]
    )
    _timed(world, "brand programs", len(new), started)


def add_organizations(world, n: int) -> None:
    rng, started = world.rng, time.perf_counter()
    statuses = [VerificationStatus.VERIFIED] * 7 + [VerificationStatus.PENDING] * 2 + [VerificationStatus.RETURNED]
    serial = Organization.objects.count()
    orgs, homes = [], []
    for i in range(serial, serial + n):
        prefecture = world.weighted_prefecture()
        county = world.county_in(prefecture)
        status = rng.choice(statuses)
        orgs.append(
            Organization(
                name=f"{county.name}{rng.choice(['阳光', '童心', '启航', '守望', '春苗', '同行'])}社会工作服务中心{i}",
                credit_code=credit_code(i, county.code[:6]),
                org_type=rng.choice(OrganizationType.values),
                registration_region=county,
                registered_on=datetime.date(2008 + i % 16, 1 + i % 12, 1 + i % 28),
                legal_representative=f"法人{i}",
                address=f"{county.name}某路{i}号",
                contact_phone="027-88880000",
                contact_email=f"org{i}@example.com",
                introduction="为困境儿童和留守儿童提供个案、小组和社区服务。",
                rating=rng.choice([Rating.NONE, Rating.NONE, Rating.A3, Rating.A4, Rating.A5]),
                rating_expires_on=datetime.date(2030, 12, 31),
                verification_status=status,
                submitted_at=world.now - datetime.timedelta(hours=i),
                verified_at=world.now if status == VerificationStatus.VERIFIED else None,
            )
        )
        homes.append((county, prefecture))
    orgs = Organization.objects.bulk_create(orgs, batch_size=BATCH)
    regions_rows, categories_rows, types_rows, staff = [], [], [], []
    regions_through = Organization.service_regions.through
    for org, (county, prefecture) in zip(orgs, homes, strict=True):
        for region in {county, world.county_in(prefecture)}:
            regions_rows.append(regions_through(organization_id=org.pk, region_id=region.pk))
        for category in world.sample_categories():
            categories_rows.append(
                Organization.child_categories.through(organization_id=org.pk, childcategory_id=category)
            )
        for service_type in {world.service_type() for _ in range(3)}:
            types_rows.append(Organization.service_types.through(organization_id=org.pk, servicetype_id=service_type))
        for s in range(rng.randint(3, 8)):
            staff.append(
                StaffMember(
                    organization=org,
                    name=f"社工{org.pk}-{s}",
                    qualification=rng.choice(Qualification.values),
                    started_on=datetime.date(2019 + s % 5, 3, 1),
                )
            )
    regions_through.objects.bulk_create(regions_rows, batch_size=BATCH)
    Organization.child_categories.through.objects.bulk_create(categories_rows, batch_size=BATCH)
    Organization.service_types.through.objects.bulk_create(types_rows, batch_size=BATCH)
    StaffMember.objects.bulk_create(staff, batch_size=BATCH)
    world.organizations = [(org.pk, homes[i][1]) for i, org in enumerate(orgs)]
    _timed(world, "organizations (+staff, m2m)", len(orgs) + len(staff), started)


def add_calls(world, n: int) -> list[Call]:
    rng, started = world.rng, time.perf_counter()
    calls = []
    for i in range(n):
        # One call in eight is provincial; the others are issued by a 市州 in proportion to its population.
        region = world.province if i % 8 == 0 else world.weighted_prefecture()
        year = world.today.year - 3 + i * 4 // n  # spread over four years, oldest first
        opens = datetime.datetime(year, 1 + i % 12, 1, 9, tzinfo=world.now.tzinfo)
        if opens > world.now:
            opens = world.now - datetime.timedelta(days=10)
        brand = rng.choice(world.brands) if rng.random() < BRAND_SHARE else None
        calls.append(
            Call(
                issuing_region=region,
                issuing_bureau=f"{region.name}民政局",
                title=f"{region.name}{year}年{brand.name if brand else '儿童关爱服务'}项目申报指南{i}",
                summary="面向困境儿童、留守儿童的关爱服务项目。",
                funding_source=rng.choice(FundingSource.values),
                total_budget=Decimal(rng.choice([2, 5, 10, 20])) * 1_000_000,
                per_project_cap=Decimal("300000.00"),
                opens_at=opens,
                closes_at=opens + datetime.timedelta(days=30),
                brand_program=brand,
                status=CallStatus.PUBLISHED,
                published_at=opens,
                created_by=world.officer,
            )
        )
    calls = Call.objects.bulk_create(calls, batch_size=BATCH)
    criteria, tranches, categories, types = [], [], [], []
    for call in calls:
        for order, (name, weight) in enumerate([("需求分析", 30), ("团队能力", 25), ("预算合理性", 20), ("成效", 25)]):
            criteria.append(RubricCriterion(call=call, order=order, name=name, weight=Decimal(weight)))
        for order, (title, pct, months) in enumerate([("首付", 40, 0), ("中期", 30, 6), ("结项", 30, 11)]):
            tranches.append(
                TrancheTemplate(call=call, order=order, title=title, percentage=Decimal(pct), due_after_months=months)
            )
        for category in world.sample_categories():
            categories.append(Call.child_categories.through(call_id=call.pk, childcategory_id=category))
        for service_type in {world.service_type() for _ in range(3)}:
            types.append(Call.service_types.through(call_id=call.pk, servicetype_id=service_type))
    RubricCriterion.objects.bulk_create(criteria, batch_size=BATCH)
    TrancheTemplate.objects.bulk_create(tranches, batch_size=BATCH)
    Call.child_categories.through.objects.bulk_create(categories, batch_size=BATCH)
    Call.service_types.through.objects.bulk_create(types, batch_size=BATCH)
    _timed(world, "calls (+rubric, tranches)", len(calls), started)
    return calls


def add_applications(world, n: int, calls: list[Call]) -> list[Application]:
    """Each application goes to a call its organization may apply to (provincial, or its own 市州's)."""
    rng, started = world.rng, time.perf_counter()
    by_prefecture: dict[int, list[Call]] = {}
    provincial = [c for c in calls if c.issuing_region_id == world.province.pk]
    for call in calls:
        by_prefecture.setdefault(call.issuing_region_id, []).append(call)
    apps = []
    for i in range(n):
        org_id, prefecture = rng.choice(world.organizations)
        eligible = by_prefecture.get(prefecture.pk, []) + provincial
        call = rng.choice(eligible or calls)
        status = APPLICATION_CYCLE[i % len(APPLICATION_CYCLE)]
        amount = Decimal(rng.randrange(50_000, 300_000, 1000))
        submitted = min(call.opens_at + datetime.timedelta(days=rng.randint(1, 29), minutes=i % 600), world.now)
        decided = min(submitted + datetime.timedelta(days=40), world.now)
        apps.append(
            Application(
                call=call,
                organization_id=org_id,
                title=f"{prefecture.name}关爱服务项目{i}",
                summary="为困境儿童提供个案与小组服务。",
                status=status,
                requested_amount=amount,
                approved_amount=amount if status == ApplicationStatus.APPROVED else None,
                planned_cases=rng.randint(10, 60),
                planned_groups=rng.randint(2, 8),
                version=0 if status == ApplicationStatus.DRAFT else 1,
                submitted_at=None if status == ApplicationStatus.DRAFT else submitted,
                decided_at=decided if status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED) else None,
                decision_reason="综合评分" if status == ApplicationStatus.APPROVED else "",
                created_by=world.officer,
            )
        )
    apps = Application.objects.bulk_create(apps, batch_size=BATCH)
    lines, regions_rows, reviews = [], [], []
    regions_through = Application.service_regions.through
    for app in apps:
        for order, (category, item) in enumerate(BUDGET):
            lines.append(
                BudgetLine(
                    application=app,
                    category=category,
                    item=item,
                    unit="月",
                    unit_price=Decimal("1000"),
                    quantity=10,
                    order=order,
                )
            )
        county = world.county_in(app.call.issuing_region)
        regions_rows.append(regions_through(application_id=app.pk, region_id=county.pk))
        if app.status in REVIEWED:
            for reviewer in rng.sample(world.reviewers, 2):
                reviews.append(
                    ReviewAssignment(
                        application=app,
                        reviewer=reviewer,
                        status="submitted",
                        total_score=Decimal(rng.randrange(55, 95)),
                        submitted_at=app.submitted_at + datetime.timedelta(days=10),
                        assigned_by=world.officer,
                    )
                )
    BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
    regions_through.objects.bulk_create(regions_rows, batch_size=BATCH)
    ReviewAssignment.objects.bulk_create(reviews, batch_size=BATCH)
    _timed(world, "applications (+budget, reviews)", len(apps) + len(lines) + len(reviews), started)
    return apps


def _milestone_status(due: datetime.date, today: datetime.date, rng) -> str:
    if due < today - datetime.timedelta(days=45):
        return MilestoneStatus.PAID
    if due < today:
        return rng.choice([MilestoneStatus.PENDING, MilestoneStatus.SUBMITTED, MilestoneStatus.APPROVED])
    return MilestoneStatus.PENDING


def add_grants(world, apps: list[Application]) -> list[Grant]:
    rng, started = world.rng, time.perf_counter()
    serial = Grant.objects.count()
    grants = []
    for i, app in enumerate((a for a in apps if a.status == ApplicationStatus.APPROVED), start=serial):
        start_date = min(app.decided_at.date() + datetime.timedelta(days=15), world.today)
        region = app.call.issuing_region
        grants.append(
            Grant(
                application=app,
                call=app.call,
                organization_id=app.organization_id,
                issuing_region=region,
                contract_number=f"SCALE-{region.code}-{start_date.year}-{i:06d}",
                title=app.title,
                amount=app.approved_amount,
                start_date=start_date,
                end_date=start_date + datetime.timedelta(days=364),
                funding_source=app.call.funding_source,
                brand_program_id=app.call.brand_program_id,
                signed_contract=f"grants/{i}/contract/contract.pdf",
                contact_name="李社工",
                contact_phone="13800000000",
                bureau_contact_name="陈静",
                bureau_contact_phone="027-85000000",
                status=GrantStatus.COMPLETED if start_date.year < world.today.year - 1 else GrantStatus.IN_PROGRESS,
                signed_on=start_date,
                created_by=world.officer,
            )
        )
    grants = Grant.objects.bulk_create(grants, batch_size=BATCH)
    regions_through = Grant.service_regions.through
    regions_rows, milestones, evaluations, shares = [], [], [], []
    service_region = dict(Application.service_regions.through.objects.values_list("application_id", "region_id"))
    for grant in grants:
        regions_rows.append(regions_through(grant_id=grant.pk, region_id=service_region[grant.application_id]))
        shares.append(GrantFunding(grant=grant, source=grant.funding_source, amount=grant.amount))
        for order in range(1, MILESTONES_PER_GRANT + 1):
            due = grant.start_date + datetime.timedelta(days=(order - 1) * 80 + 10)
            milestones.append(
                Milestone(
                    grant=grant,
                    order=order,
                    title=f"第{order}期",
                    due_date=due,
                    percentage=Decimal(100 // MILESTONES_PER_GRANT),
                    payment_amount=(grant.amount / MILESTONES_PER_GRANT).quantize(Decimal("0.01")),
                    status=_milestone_status(due, world.today, rng),
                )
            )
        if grant.status == GrantStatus.COMPLETED and rng.random() < 0.6:
            evaluations.append(
                Evaluation(
                    grant=grant,
                    kind="final",
                    evaluator=world.evaluator,
                    status="published",
                    score=Decimal(rng.randrange(60, 98)),
                    grade=rng.choice(["excellent", "good", "good", "pass"]),
                    summary="服务按计划完成。",
                    assigned_by=world.officer,
                    submitted_at=world.now,
                    published_at=world.now,
                    published_by=world.officer,
                )
            )
    regions_through.objects.bulk_create(regions_rows, batch_size=BATCH)
    GrantFunding.objects.bulk_create(shares, batch_size=BATCH)
    milestones = Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    source_of = {g.pk: g.funding_source for g in grants}
    payments = Payment.objects.bulk_create(
        [
            Payment(
                milestone=m,
                amount=m.payment_amount,
                paid_on=m.due_date + datetime.timedelta(days=20),
                voucher_number=f"SCALE-PZ{m.pk:09d}",
                released_by=world.officer,
            )
            for m in milestones
            if m.status == MilestoneStatus.PAID
        ],
        batch_size=BATCH,
    )
    PaymentFunding.objects.bulk_create(
        [PaymentFunding(payment=p, source=source_of[p.milestone.grant_id], amount=p.amount) for p in payments],
        batch_size=BATCH,
    )
    Evaluation.objects.bulk_create(evaluations, batch_size=BATCH)
    rows = len(grants) + len(milestones) + 2 * len(payments) + len(evaluations)
    _timed(world, "grants (+milestones, payments)", rows, started)
    return grants


def townships_by_county() -> dict[int, list[str]]:
    towns: dict[int, list[str]] = {}
    for parent_id, name in Region.objects.filter(Q(level="township")).values_list("parent_id", "name"):
        towns.setdefault(parent_id, []).append(name)
    return towns
