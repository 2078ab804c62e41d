"""A grant's 服务数据 exports: planned against delivered (counts), children, service logs. Each holds exactly what
its page shows the viewer: officers of the issuing region get counts, file numbers and logs, never a child's name,
an ID number, a volunteer's name or the notes; the serving organization gets names and the masked ID only."""

import pytest

from tests.export_checks import FORMULA, assert_formula_inert, download
from tests.factories.delivery import EnrolmentFactory, ServiceLogFactory, id_number

pytestmark = pytest.mark.django_db


def _children(grant, n, start=0):
    return [
        EnrolmentFactory(grant=grant, name=f"小红{start + i}", beneficiary__number=id_number(500 + start + i))
        for i in range(n)
    ]


def _logs(grant, n, **kwargs):
    return [ServiceLogFactory(grant=grant, created_by=grant.created_by, **kwargs) for _ in range(n)]


@pytest.fixture
def served(grant, other_grant):
    """Two children and three logs on ``grant`` (one with formula notes); one child and a log on another grant."""
    children = _children(grant, 2)
    logs = _logs(grant, 2) + _logs(grant, 1, notes=FORMULA, volunteer_name="志愿者李四", township=FORMULA)
    _children(other_grant, 1, start=10)
    _logs(other_grant, 1, notes="别的项目的记录")
    return {"children": children, "logs": logs}


def test_officer_children_export_has_file_numbers_and_no_name_or_id(client, wuhan_officer, grant, served):
    client.force_login(wuhan_officer)
    export = download(client, f"/delivery/grants/{grant.pk}/children/?format=xlsx")
    assert sorted(export.column("档案号")) == sorted(e.beneficiary.code for e in served["children"])
    assert "姓名" not in export.header and "身份证号（脱敏）" not in export.header
    texts = export.texts()
    for enrolment in served["children"]:
        assert enrolment.name not in texts
        assert enrolment.beneficiary.id_masked not in texts
    assert "小红10" not in texts  # another grant's child


def test_member_children_export_has_names_and_only_the_masked_id(client, org_admin, grant, served):
    client.force_login(org_admin)
    export = download(client, f"/delivery/grants/{grant.pk}/children/?format=xlsx")
    assert sorted(export.column("姓名")) == ["小红0", "小红1"]
    assert sorted(export.column("身份证号（脱敏）")) == sorted(e.beneficiary.id_masked for e in served["children"])
    texts = export.texts()
    for serial in (500, 501):
        assert id_number(serial) not in texts  # never the clear number
    assert all("*" in masked for masked in export.column("身份证号（脱敏）"))


def test_officer_log_export_has_no_notes_or_volunteer_names(client, wuhan_officer, grant, served):
    client.force_login(wuhan_officer)
    export = download(client, f"/delivery/grants/{grant.pk}/logs/?format=xlsx")
    assert len(export.rows) == 3
    assert "服务记录" not in export.header
    texts = export.texts()
    assert "志愿者李四" not in texts and "别的项目的记录" not in texts
    assert_formula_inert(export)  # the township typed as a formula


def test_member_log_export_has_the_notes_neutralised(client, org_admin, grant, served):
    client.force_login(org_admin)
    export = download(client, f"/delivery/grants/{grant.pk}/logs/?format=xlsx")
    assert len(export.rows) == 3
    assert "志愿者 志愿者李四" in export.column("服务人员")
    assert_formula_inert(export)
    assert "别的项目的记录" not in export.texts()


def test_overview_export_is_the_planned_against_delivered_counts(client, wuhan_officer, grant, served):
    client.force_login(wuhan_officer)
    export = download(client, f"/delivery/grants/{grant.pk}/?format=xlsx")
    total = [row for row in export.rows if row[0] == "服务儿童（按类别）" and row[1] == "服务儿童合计"]
    assert total and total[0][5] == 2
    assert "小红0" not in export.texts()


@pytest.mark.parametrize("tab", ["", "children/", "logs/"])
def test_another_region_officer_and_another_organization_get_404(client, enshi_officer, other_admin, grant, tab):
    for user in (enshi_officer, other_admin):
        client.force_login(user)
        assert client.get(f"/delivery/grants/{grant.pk}/{tab}?format=xlsx").status_code == 404


@pytest.mark.parametrize("tab", ["children/", "logs/"])
def test_delivery_exports_run_the_same_queries_for_2_or_8_rows(client, org_admin, grant, tab):
    client.force_login(org_admin)
    _children(grant, 2)
    _logs(grant, 2)
    few = download(client, f"/delivery/grants/{grant.pk}/{tab}?format=xlsx")
    _children(grant, 6, start=2)
    _logs(grant, 6)
    many = download(client, f"/delivery/grants/{grant.pk}/{tab}?format=xlsx")
    assert len(many.rows) == 8 and len(few.rows) == 2
    assert many.queries == few.queries


def test_delivery_pages_carry_the_export_button(client, wuhan_officer, grant, served):
    client.force_login(wuhan_officer)
    for tab in ("", "children/", "logs/"):
        assert "导出 Excel" in client.get(f"/delivery/grants/{grant.pk}/{tab}").content.decode()
