"""Care-worker accounts under concurrent imports (PostgreSQL only)."""

import pytest

from core.models import Region, User
from referrals.models import CareWorker
from referrals.services import care_workers_import
from referrals.services.workers import ImportRefused
from tests.concurrency import run_together
from tests.factories import OfficerFactory

from .test_workers import GOOD, _xlsx

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_imports_of_one_list_at_once_create_it_once_and_refuse_the_other_with_the_row_error():
    """Issue 9, item 7: the unique username decides; the loser gets the row error, not a 500."""
    county = Region.objects.get(code="420102")
    officers = [OfficerFactory(username=f"officer_{i}", region_code="420102") for i in range(2)]
    results = run_together(
        [
            lambda officer=officer: care_workers_import(actor=officer, county=county, upload=_xlsx(GOOD))
            for officer in officers
        ]
    )
    statuses = sorted(status for status, _value in results)
    assert statuses == ["error", "ok"], results
    error = next(value for status, value in results if status == "error")
    assert isinstance(error, ImportRefused), error
    assert "已有账号" in error.row_errors[0][1]
    assert CareWorker.objects.count() == 2
    assert User.objects.filter(username__in=[row[4] for row in GOOD]).count() == 2
