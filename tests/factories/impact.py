"""A brand program with three grants, a grant of no brand, their children, logs and measurements: the data the public
impact tests compute their figures by hand from.

Brand "童心同行" (B):
  G1 (福彩公益金): 10 children — 8 in 江岸区 420102 (农村留守儿童), 2 in 江汉区 420103 (孤儿); two 90-minute 监护指导
      logs; a per-child indicator (higher is better): baseline 50 for all 10, follow-up 60 for 5 (improved), 45 for 5.
  G2 (福彩公益金): 5 children in 武昌区 420106 (困境儿童); one 60-minute 心理疏导 log; a lower-is-better indicator:
      baseline 50, follow-up 40 for all 5 (all improved).
  G3 (慈善资金): 3 children in 江岸区 420102 (农村留守儿童) whose service began 120 days ago; no logs.
No brand:
  G4: 10 children in 恩施市 422801 (残疾儿童); one 30-minute 社会融入 log.

By hand, brand B: 18 children; counties 420102 = 11, 420103 = 2 (hidden), 420106 = 5 (hidden with it);
categories 留守 11, 孤儿 2 (hidden), 困境 5 (hidden with it); per grant G1 10, G3 3 (hidden), G2 5 (hidden with it);
hours 3.0 监护指导 + 1.0 心理疏导 = 4.0; G1 50.0 % improved of 10, G2 100.0 % of 5.
Province: 28 children, 4.5 hours; counties 420102 = 11, 420103 hidden, 420106 hidden, 422801 = 10.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from delivery.models import MeasurementPhase
from programs.models import FundingSource, IndicatorDirection

from .delivery import (
    BeneficiaryFactory,
    EnrolmentFactory,
    OutcomeIndicatorFactory,
    OutcomeMeasurementFactory,
    ServiceLogFactory,
    service_type,
)
from .grants import make_grant
from .programs import BrandProgramFactory


def _children(grant, count, *, county, category, consent_date=None):
    from core.models import Region

    region = Region.objects.get(code=county)
    children = []
    for _ in range(count):
        child = BeneficiaryFactory(county=region, categories=[category])
        EnrolmentFactory(grant=grant, beneficiary=child, consent_date=consent_date or timezone.localdate())
        children.append(child)
    return children


def _measure(grant, children, *, direction, baseline, followups):
    indicator = OutcomeIndicatorFactory(call=grant.call, direction=direction)
    for child, followup in zip(children, followups, strict=True):
        OutcomeMeasurementFactory(
            indicator=indicator, grant=grant, beneficiary=child, phase=MeasurementPhase.BASELINE, value=baseline
        )
        OutcomeMeasurementFactory(
            indicator=indicator, grant=grant, beneficiary=child, phase=MeasurementPhase.FOLLOWUP, value=followup
        )


def impact_scenario(officer, *, brand=None) -> dict:
    brand = brand or BrandProgramFactory(name="童心同行", slug="tongxin")

    def grant(funding_source, brand_program):
        return make_grant(
            officer=officer,
            application_kwargs={"brand_program": brand_program, "funding_source": funding_source},
        )

    g1 = grant(FundingSource.WELFARE_LOTTERY, brand)
    g2 = grant(FundingSource.WELFARE_LOTTERY, brand)
    g3 = grant(FundingSource.CHARITY, brand)
    g4 = grant(FundingSource.WELFARE_LOTTERY, None)
    g1_children = _children(g1, 8, county="420102", category="left_behind")
    g1_children += _children(g1, 2, county="420103", category="orphan")
    g2_children = _children(g2, 5, county="420106", category="in_difficulty")
    _children(
        g3, 3, county="420102", category="left_behind", consent_date=timezone.localdate() - datetime.timedelta(120)
    )
    _children(g4, 10, county="422801", category="disabled")
    ServiceLogFactory.create_batch(2, grant=g1, minutes=90, service_type=service_type("guardianship"))
    ServiceLogFactory(grant=g2, minutes=60, service_type=service_type("counselling"))
    ServiceLogFactory(grant=g4, minutes=30, service_type=service_type("integration"))
    _measure(
        g1,
        g1_children,
        direction=IndicatorDirection.HIGHER,
        baseline=Decimal("50"),
        followups=[Decimal("60")] * 5 + [Decimal("45")] * 5,
    )
    _measure(g2, g2_children, direction=IndicatorDirection.LOWER, baseline=Decimal("50"), followups=[Decimal("40")] * 5)
    return {"brand": brand, "g1": g1, "g2": g2, "g3": g3, "g4": g4}


def more_brand_grants(officer, brand, count: int) -> None:
    """``count`` more grants of ``brand``, each with 6 children and a log (to show query counts do not grow)."""
    for _ in range(count):
        extra = make_grant(officer=officer, application_kwargs={"brand_program": brand})
        _children(extra, 6, county="420111", category="left_behind")
        ServiceLogFactory(grant=extra, minutes=45)
