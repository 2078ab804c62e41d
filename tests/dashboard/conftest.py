"""A small province of hand-countable data for the dashboard tests.

武汉: grant A (issued by 武汉市, 100,000.00, 福彩公益金, brand 童伴妈妈) and grant B (issued by 江岸区,
50,000.00, 财政资金, terminated after 20,000.00 was paid); 恩施: grant C (issued by 恩施州, 80,000.00, 慈善资金).
40,000.00 was paid on A. Children: c1 (留守) on A and B, c2 (留守 + 残疾) and c3 (孤儿) on A, all living in 江岸区;
c4 (困境) on C, in 恩施市. Logs: on A 90′ 心理疏导 个案 (volunteer), 30′ 心理疏导 小组 (staff), 45′ 监护指导 个案
(volunteer); on C 60′ 心理疏导 个案.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from delivery.models import MeasurementPhase, ServiceForm
from grants.models import Evaluation, EvaluationKind, EvaluationStatus, Grade, GrantStatus, MilestoneStatus, Payment
from organizations.models import Incubation, VerificationStatus
from programs.models import ApplicationStatus, FundingSource
from tests.factories import OfficerFactory, OrganizationFactory, UserFactory
from tests.factories.core import region
from tests.factories.delivery import (
    BeneficiaryFactory,
    EnrolmentFactory,
    OutcomeIndicatorFactory,
    OutcomeMeasurementFactory,
    ServiceLogFactory,
    service_type,
)
from tests.factories.grants import approved_application, make_grant
from tests.factories.organizations import StaffMemberFactory
from tests.factories.programs import ApplicationFactory, BrandProgramFactory


def _pay(milestone, amount, *, officer, voucher, submitted_late=False):
    submitted = datetime.datetime.combine(milestone.due_date, datetime.time(10), tzinfo=datetime.UTC)
    if submitted_late:
        submitted += datetime.timedelta(days=3)
    else:
        submitted -= datetime.timedelta(days=1)
    milestone.status = MilestoneStatus.PAID
    milestone.submitted_at = submitted
    milestone.save()
    Payment.objects.create(
        milestone=milestone,
        amount=Decimal(amount),
        paid_on=timezone.localdate(),
        voucher_number=voucher,
        released_by=officer,
    )


@pytest.fixture
def province(db):
    officer = OfficerFactory(username="dash_province", region_code="420000")
    today = timezone.localdate()
    brand = BrandProgramFactory(name="童伴妈妈")
    a_org = OrganizationFactory(region_code="420102")
    a_app = approved_application(
        organization=a_org, approved_amount=Decimal("100000.00"), region_code="420100", brand_program=brand
    )
    grant_a = make_grant(officer=officer, application=a_app)
    b_app = approved_application(
        approved_amount=Decimal("50000.00"), region_code="420102", funding_source=FundingSource.FISCAL
    )
    grant_b = make_grant(officer=officer, application=b_app)
    c_org = OrganizationFactory(region_code="422801")
    c_app = approved_application(
        organization=c_org,
        approved_amount=Decimal("80000.00"),
        region_code="422800",
        funding_source=FundingSource.CHARITY,
    )
    grant_c = make_grant(officer=officer, application=c_app)

    # Money: 40,000.00 on A (on time); 20,000.00 on B (late), then B is terminated.
    a1, a2, _a3 = grant_a.milestones.order_by("order")
    _pay(a1, "40000.00", officer=officer, voucher="V-A1")
    a2.status = MilestoneStatus.RETURNED
    a2.save()
    b1 = grant_b.milestones.order_by("order").first()
    _pay(b1, "20000.00", officer=officer, voucher="V-B1", submitted_late=True)
    grant_b.status = GrantStatus.TERMINATED
    grant_b.save()
    c1_milestone = grant_c.milestones.order_by("order").first()
    c1_milestone.due_date = today - datetime.timedelta(days=5)
    c1_milestone.save()

    # Applications to A's call: the approved one, one rejected, one submitted, one draft.
    for status in (ApplicationStatus.REJECTED, ApplicationStatus.SUBMITTED, ApplicationStatus.DRAFT):
        ApplicationFactory(call=a_app.call, status=status)

    # Children.
    c1 = BeneficiaryFactory(categories=["left_behind"])
    c2 = BeneficiaryFactory(categories=["left_behind", "disabled"])
    c3 = BeneficiaryFactory(categories=["orphan"])
    c4 = BeneficiaryFactory(categories=["in_difficulty"], county=region("422801"))
    for child in (c1, c2, c3):
        EnrolmentFactory(grant=grant_a, beneficiary=child)
    EnrolmentFactory(grant=grant_b, beneficiary=c1)
    EnrolmentFactory(grant=grant_c, beneficiary=c4)

    # Service logs.
    staff = StaffMemberFactory(organization=a_org)
    ServiceLogFactory(grant=grant_a, minutes=90, beneficiary=c1)
    ServiceLogFactory(
        grant=grant_a, minutes=30, form=ServiceForm.GROUP, staff_member=staff, volunteer_name="", head_count=2
    )
    ServiceLogFactory(grant=grant_a, minutes=45, service_type=service_type("guardianship"), beneficiary=c2)
    ServiceLogFactory(grant=grant_c, minutes=60, beneficiary=c4)

    # Outcomes on A's call: c1 improved (50 → 60), c2 did not (50 → 40), c3 has a baseline only.
    indicator = OutcomeIndicatorFactory(call=a_app.call, name="心理韧性")
    later = grant_a.start_date + datetime.timedelta(days=1)
    for child, after in ((c1, "60"), (c2, "40"), (c3, None)):
        OutcomeMeasurementFactory(indicator=indicator, grant=grant_a, beneficiary=child, value=Decimal("50"))
        if after:
            OutcomeMeasurementFactory(
                indicator=indicator,
                grant=grant_a,
                beneficiary=child,
                value=Decimal(after),
                phase=MeasurementPhase.FOLLOWUP,
                measured_on=later,
            )

    # A final evaluation of A, graded 优秀, submitted (not yet published).
    evaluator = UserFactory(is_evaluator=True)
    Evaluation.objects.create(
        grant=grant_a,
        kind=EvaluationKind.FINAL,
        evaluator=evaluator,
        assigned_by=officer,
        status=EvaluationStatus.SUBMITTED,
        score=Decimal("92"),
        grade=Grade.EXCELLENT,
        submitted_at=timezone.now(),
    )

    # Organizations: one pending in 江汉区; C's organization is also incubating in 恩施.
    OrganizationFactory(region_code="420103", verification_status=VerificationStatus.PENDING)
    Incubation.objects.create(organization=c_org, region=region("422801"), program_name="恩施孵化", started_on=today)

    return SimpleNamespace(
        officer=officer, grant_a=grant_a, grant_b=grant_b, grant_c=grant_c, brand=brand, today=today, call_a=a_app.call
    )
