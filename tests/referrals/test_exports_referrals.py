"""The officer's referral overview exports its counts by county and the region's referrals: pseudonymous, scoped to
the officer's region, formulas neutralised, a fixed number of queries."""

from tests.export_checks import FORMULA, assert_formula_inert, download
from tests.factories.delivery import id_number
from tests.factories.referrals import report

URL = "/referrals/officer/?format=xlsx"


def _reports(director, n, start=0):
    return [report(director, id_number=id_number(910 + start + i)) for i in range(n)]


def test_the_counts_by_county_are_the_overviews_table(client, grant, dazhi_director, jiangan_officer):
    _reports(dazhi_director, 2)
    client.force_login(jiangan_officer)
    export = download(client, URL)
    assert export.header[:2] == ["县市区", "转介"]
    assert export.rows == [["江岸区", 2, 0, 2, 0, 0, None]]


def test_the_referrals_export_names_no_child_and_neutralises_formulas(
    client, grant, organization, dazhi_director, jiangan_officer
):
    organization.name = FORMULA
    organization.save(update_fields=["name"])
    referrals = _reports(dazhi_director, 2)
    client.force_login(jiangan_officer)
    export = download(client, URL + "&table=referrals")
    assert sorted(export.column("编号")) == sorted(r.code for r in referrals)
    assert set(export.column("乡镇街道")) == {"大智街道"}
    assert "王小花" not in export.texts() and "新村" not in export.texts() and "情绪低落" not in export.texts()
    assert_formula_inert(export)


def test_another_regions_officer_exports_nothing_of_this_region(client, grant, dazhi_director, enshi_officer):
    _reports(dazhi_director, 2)
    client.force_login(enshi_officer)
    assert download(client, URL).rows == []
    assert download(client, URL + "&table=referrals").rows == []


def test_the_exports_run_the_same_queries_for_1_or_4_referrals(client, grant, dazhi_director, jiangan_officer):
    _reports(dazhi_director, 1)
    client.force_login(jiangan_officer)
    few = [download(client, URL).queries, download(client, URL + "&table=referrals").queries]
    _reports(dazhi_director, 3, start=5)
    assert [download(client, URL).queries, download(client, URL + "&table=referrals").queries] == few


def test_the_overview_carries_both_export_buttons(client, grant, jiangan_officer):
    client.force_login(jiangan_officer)
    page = client.get("/referrals/officer/").content.decode()
    assert 'href="?format=xlsx"' in page and 'href="?format=xlsx&amp;table=referrals"' in page
