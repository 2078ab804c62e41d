import pytest

from programs.models import IndicatorKind, MeasuredPer
from surveys.models import Audience
from surveys.services import survey_sheet_create
from tests.factories import make_grant
from tests.factories.delivery import OutcomeIndicatorFactory
from tests.factories.grants import approved_application


@pytest.fixture
def grant(wuhan_officer, org_admin, organization):
    """An active grant of 武汉市 to ``organization`` (admin: org_admin); its call has a guardians' satisfaction
    indicator in %, target 90."""
    grant = make_grant(officer=wuhan_officer, application=approved_application(organization=organization))
    OutcomeIndicatorFactory(
        call=grant.call,
        name="监护人满意度",
        kind=IndicatorKind.SATISFACTION,
        measured_per=MeasuredPer.GRANT,
        unit="%",
        target=90,
    )
    return grant


@pytest.fixture
def sheet(grant, org_admin):
    return survey_sheet_create(
        grant=grant, actor=org_admin, audience=Audience.GUARDIAN, label="大智街道", count=12, valid_days=30
    )


def answer_data(sheet, score: int = 5, comment: str = "") -> dict:
    data = {f"q{i}": str(score) for i in range(1, len(sheet.questions) + 1)}
    data["comment"] = comment
    return data
