"""Two phones sending the answer to one code at the same moment: one answer is kept (real row locks: PostgreSQL)."""

import pytest

from surveys.models import Audience, SurveyResponse
from surveys.services import SurveyClosed, survey_answer, survey_sheet_create
from tests.concurrency import run_together
from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory, make_grant
from tests.factories.grants import approved_application

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_double_submit_keeps_one_answer(transactional_db):
    officer = OfficerFactory(region_code="420100")
    organization = OrganizationFactory(region_code="420102")
    admin = MembershipFactory(organization=organization, user=UserFactory()).user
    grant = make_grant(officer=officer, application=approved_application(organization=organization))
    sheet = survey_sheet_create(
        grant=grant, actor=admin, audience=Audience.GUARDIAN, label="大智街道", count=1, valid_days=5
    )
    token = sheet.tokens.get().token

    def send(score):
        return lambda: survey_answer(
            token=token, scores=[score] * 5, comment="", user=None, user_agent="P", ip="10.0.0.1"
        )

    results = run_together([send(5), send(1)])
    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, SurveyClosed) and error.reason == "used"
    assert SurveyResponse.objects.count() == 1
