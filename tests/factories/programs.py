import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from core.models import Region
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

from .core import UserFactory
from .organizations import OrganizationFactory


class BrandProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrandProgram

    name = factory.Sequence(lambda n: f"品牌{n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")
    partner = "省妇联"
    start_year = 2020


class CallFactory(factory.django.DjangoModelFactory):
    """A published call, open now, issued by Wuhan (420100) unless told otherwise, with a 4-line rubric (sum 100)
    and a 40/30/30 tranche template."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    class Params:
        region_code = "420100"

    issuing_region = factory.LazyAttribute(lambda o: Region.objects.get(code=o.region_code))
    title = factory.Sequence(lambda n: f"儿童关爱服务项目申报指南{n}")
    funding_source = FundingSource.WELFARE_LOTTERY
    total_budget = Decimal("1000000.00")
    per_project_cap = Decimal("200000.00")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=5))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    status = CallStatus.PUBLISHED
    min_rating = ""
    min_years_registered = 0
    require_annual_status_passed = False

    @factory.post_generation
    def rubric(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for order, (name, weight) in enumerate(
            extracted or [("需求分析", 30), ("团队能力", 25), ("预算合理性", 20), ("预期成效", 25)]
        ):
            RubricCriterion.objects.create(call=obj, order=order, name=name, weight=Decimal(weight))

    @factory.post_generation
    def tranches(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for order, (title, pct, months) in enumerate(extracted or [("首付", 40, 0), ("中期", 30, 6), ("结项", 30, 12)]):
            TrancheTemplate.objects.create(
                call=obj, order=order, title=title, percentage=Decimal(pct), due_after_months=months
            )


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with one budget line (10 × 5000 = 50000) serving 江岸区."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"留守儿童关爱项目{n}")
    summary = "为江岸区困境儿童提供个案与小组服务。"
    status = ApplicationStatus.DRAFT
    requested_amount = Decimal("50000.00")

    @factory.post_generation
    def budget(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        BudgetLine.objects.create(
            application=obj, category="personnel", item="社工补贴", unit="月", unit_price=Decimal("5000"), quantity=10
        )

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        obj.service_regions.set([Region.objects.get(code=code) for code in (extracted or ["420102"])])


class ReviewerFactory(UserFactory):
    is_reviewer = True


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.UNDER_REVIEW)
    reviewer = factory.SubFactory(ReviewerFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
