"""The officer's organization queue answers ?format=xlsx with the same export as /organizations/officer/export/."""

import pytest

from tests.export_checks import FORMULA, assert_formula_inert, download
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_queue_exports_the_filtered_organizations_of_the_region(client, wuhan_officer):
    ours = OrganizationFactory(region_code="420102", name=FORMULA)
    OrganizationFactory(region_code="422801", name="恩施的组织")
    client.force_login(wuhan_officer)
    export = download(client, "/organizations/officer/?status=&format=xlsx")
    assert export.column("统一社会信用代码") == [ours.credit_code]
    assert "恩施的组织" not in export.texts()
    assert_formula_inert(export)
    assert export.rows == download(client, "/organizations/officer/export/?status=").rows


def test_queue_export_runs_the_same_queries_for_2_or_8_rows(client, wuhan_officer):
    client.force_login(wuhan_officer)
    for _ in range(2):
        OrganizationFactory(region_code="420102")
    few = download(client, "/organizations/officer/?status=&format=xlsx")
    for _ in range(6):
        OrganizationFactory(region_code="420102")
    many = download(client, "/organizations/officer/?status=&format=xlsx")
    assert (len(few.rows), len(many.rows)) == (2, 8)
    assert many.queries == few.queries
