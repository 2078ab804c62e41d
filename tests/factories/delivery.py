"""Builders for delivery tests: valid ID numbers, children (with the real keyed hash), enrolments, service logs,
indicators, targets and measurements."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from core.models import ChildCategory, Region, ServiceType
from core.validators import id_number_check_char
from delivery.identity import id_number_hash, mask_id_number
from delivery.models import (
    Beneficiary,
    ConsentBy,
    Enrolment,
    Gender,
    GuardianType,
    MeasurementPhase,
    OutcomeMeasurement,
    SchoolStage,
    ServiceForm,
    ServiceLog,
)
from programs.models import IndicatorDirection, IndicatorKind, MeasuredPer, OutcomeIndicator, OutcomeTarget

from .core import UserFactory


def id_number(serial: int, *, county_code: str = "420102", born: datetime.date = datetime.date(2014, 5, 17)) -> str:
    """A valid 18-character ID number (GB 11643 check character) for a child born on ``born``."""
    first17 = f"{county_code}{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_number_check_char(first17)


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    """A child with an ID number (pass ``number=...`` to choose it) in 江岸区, category 农村留守儿童."""

    class Meta:
        model = Beneficiary
        skip_postgeneration_save = True

    class Params:
        number = factory.Sequence(lambda n: id_number(n))

    id_hash = factory.LazyAttribute(lambda o: id_number_hash(o.number))
    id_masked = factory.LazyAttribute(lambda o: mask_id_number(o.number))
    gender = Gender.FEMALE
    birth_year = 2014
    birth_month = 5
    county = factory.LazyFunction(lambda: Region.objects.get(code="420102"))
    township = "大智街道"
    guardian_type = GuardianType.GRANDPARENTS
    school_stage = SchoolStage.PRIMARY

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if not create:
            return
        codes = extracted if extracted is not None else ["left_behind"]
        obj.categories.set(ChildCategory.objects.filter(code__in=codes))


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """Enrol a child on ``grant`` (required) with the grant's organization."""

    class Meta:
        model = Enrolment

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    organization = factory.LazyAttribute(lambda o: o.grant.organization)
    name = factory.Sequence(lambda n: f"小明{n}")
    consent_date = factory.LazyFunction(timezone.localdate)
    consent_by = ConsentBy.GRANDPARENT
    created_by = factory.SubFactory(UserFactory)


def service_type(code: str = "counselling") -> ServiceType:
    return ServiceType.objects.get(code=code)


class ServiceLogFactory(factory.django.DjangoModelFactory):
    """A 60-minute case session by a volunteer on ``grant`` (required), dated the grant's start."""

    class Meta:
        model = ServiceLog
        skip_postgeneration_save = True

    date = factory.LazyAttribute(lambda o: o.grant.start_date)
    service_type = factory.LazyFunction(service_type)
    form = ServiceForm.CASE
    minutes = 60
    volunteer_name = "志愿者王"
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def attendees(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.attendees.set(extracted)


class OutcomeIndicatorFactory(factory.django.DjangoModelFactory):
    """A per-child outcome indicator (higher is better), target 60 % of children improved; pass ``call``."""

    class Meta:
        model = OutcomeIndicator

    name = factory.Sequence(lambda n: f"心理韧性量表得分{n}")
    kind = IndicatorKind.OUTCOME
    unit = "分"
    direction = IndicatorDirection.HIGHER
    measured_per = MeasuredPer.CHILD
    target = Decimal("60")
    order = factory.Sequence(lambda n: n)


class OutcomeTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeTarget

    target_value = Decimal("70")


class OutcomeMeasurementFactory(factory.django.DjangoModelFactory):
    """Pass ``indicator``, ``grant`` and (per child) ``beneficiary``."""

    class Meta:
        model = OutcomeMeasurement

    phase = MeasurementPhase.BASELINE
    value = Decimal("50")
    measured_on = factory.LazyAttribute(lambda o: o.grant.start_date)
    created_by = factory.SubFactory(UserFactory)
