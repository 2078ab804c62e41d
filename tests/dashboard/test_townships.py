"""Township coverage on the dashboard: which townships of each county have a served child living there."""

import io

from openpyxl import load_workbook

from core.models import Region, RegionLevel
from tests.export_checks import body
from tests.factories import OfficerFactory
from tests.factories.delivery import BeneficiaryFactory, EnrolmentFactory
from tests.factories.grants import make_grant
from tests.factories.referrals import load_townships


def _rows(client) -> dict[str, tuple]:
    response = client.get("/dashboard/", {"download": "townships"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(body(response))).worksheets[0].iter_rows(values_only=True))
    return {row[0]: row[1:] for row in rows[1:]}


def test_a_county_officer_sees_which_townships_have_children_served(client, db):
    load_townships("420102")
    townships = Region.objects.filter(level=RegionLevel.TOWNSHIP, parent__code="420102")
    total = townships.count()
    officer = OfficerFactory(region_code="420100")
    grant = make_grant(officer=officer)
    for township in ("大智街道", "大智街道", "不存在的街道", ""):
        EnrolmentFactory(grant=grant, beneficiary=BeneficiaryFactory(township=township))
    client.force_login(officer)
    assert _rows(client)["江岸区"] == (total, 1, round(100 / total, 1), 2)

    other = townships.exclude(name="大智街道").first()
    EnrolmentFactory(grant=grant, beneficiary=BeneficiaryFactory(township=other.name))
    assert _rows(client)["江岸区"] == (total, 2, round(200 / total, 1), 3)
    # The page shows the table beside the county map.
    page = client.get("/dashboard/").content.decode()
    assert "乡镇覆盖" in page and 'id="t-townships"' in page


def test_counties_without_townships_in_the_tree_are_not_listed(client, db):
    officer = OfficerFactory(region_code="420100")
    client.force_login(officer)
    assert _rows(client) == {"合计": (0, 0, None, 0)}
