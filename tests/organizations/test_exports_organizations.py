"""The officer's organization queue answers ?format=xlsx with the same export as /organizations/officer/export/;
the incubation list exports its filtered rows of the officer's region."""

import datetime

import pytest
from django.utils import timezone

from core.models import Region
from organizations.models import Incubation
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


def _incubate(organization, program="江岸区社会组织孵化园", stage="incubating"):
    return Incubation.objects.create(
        organization=organization,
        region=Region.objects.get(code="420102"),
        program_name=program,
        started_on=timezone.localdate() - datetime.timedelta(days=200),
        stage=stage,
    )


def test_incubation_export_is_the_filtered_list_of_the_region(client, wuhan_officer, enshi_officer):
    hostile = _incubate(OrganizationFactory(region_code="420102", name=FORMULA))
    _incubate(OrganizationFactory(region_code="420102"), program="已出壳的项目", stage="graduated")
    Incubation.objects.create(
        organization=OrganizationFactory(region_code="422801"),
        region=Region.objects.get(code="422801"),
        program_name="恩施孵化园",
        started_on=timezone.localdate(),
    )
    client.force_login(wuhan_officer)
    export = download(client, "/organizations/incubations/?stage=incubating&format=xlsx")
    assert export.column("统一社会信用代码") == [hostile.organization.credit_code]
    assert "已出壳的项目" not in export.texts() and "恩施孵化园" not in export.texts()
    assert_formula_inert(export)
    assert len(download(client, "/organizations/incubations/?format=xlsx").rows) == 2
    client.force_login(enshi_officer)
    assert "江岸区社会组织孵化园" not in download(client, "/organizations/incubations/?format=xlsx").texts()


def test_incubation_export_with_a_mistyped_filter_exports_nothing(client, wuhan_officer):
    client.force_login(wuhan_officer)
    response = client.get("/organizations/incubations/?stage=nonsense&format=xlsx")
    assert response.status_code == 400 and "attachment" not in response.get("Content-Disposition", "")


def test_incubation_export_runs_the_same_queries_for_2_or_8_rows(client, wuhan_officer):
    client.force_login(wuhan_officer)
    for _ in range(2):
        _incubate(OrganizationFactory(region_code="420102"))
    few = download(client, "/organizations/incubations/?format=xlsx")
    for _ in range(6):
        _incubate(OrganizationFactory(region_code="420102"))
    many = download(client, "/organizations/incubations/?format=xlsx")
    assert (len(few.rows), len(many.rows)) == (2, 8)
    assert many.queries == few.queries
