"""The officer's application and call lists, and the reviewer's task list, export exactly what they show."""

import pytest
from django.utils import timezone

from programs.models import ApplicationStatus
from tests.export_checks import FORMULA, assert_formula_inert, download
from tests.factories import OrganizationFactory
from tests.factories.programs import ApplicationFactory, CallFactory, ReviewAssignmentFactory, ReviewerFactory


def _applications(call, n, status=ApplicationStatus.SUBMITTED, **kwargs):
    return [ApplicationFactory(call=call, status=status, submitted_at=timezone.now(), **kwargs) for _ in range(n)]


@pytest.fixture
def lists(db):
    """A Wuhan call with submitted, under-review and draft applications; an Enshi call with one of its own."""
    wuhan = CallFactory(region_code="420100", title="武汉指南")
    enshi = CallFactory(region_code="422800", title="恩施指南")
    hostile = OrganizationFactory(region_code="420102", name=FORMULA)
    return {
        "submitted": _applications(wuhan, 2) + _applications(wuhan, 1, organization=hostile),
        "review": _applications(wuhan, 2, status=ApplicationStatus.UNDER_REVIEW),
        "draft": _applications(wuhan, 1, status=ApplicationStatus.DRAFT),
        "enshi": _applications(enshi, 1),
        "wuhan_call": wuhan,
    }


def test_application_export_is_the_filtered_list_of_the_officer_region(client, wuhan_officer, lists):
    client.force_login(wuhan_officer)
    export = download(client, "/programs/work/applications/?status=submitted&format=xlsx")
    assert sorted(export.column("编号")) == sorted(a.pk for a in lists["submitted"])
    assert set(export.column("状态")) == {"已提交"}
    everything = download(client, "/programs/work/applications/?format=xlsx")
    # Drafts are not the officer's, and Enshi's application is another region's.
    assert sorted(everything.column("编号")) == sorted(a.pk for a in lists["submitted"] + lists["review"])
    assert "恩施指南" not in everything.texts()
    assert_formula_inert(export)


def test_application_export_with_a_mistyped_filter_exports_nothing(client, wuhan_officer, lists):
    client.force_login(wuhan_officer)
    response = client.get("/programs/work/applications/?score_min=abc&format=xlsx")
    assert response.status_code == 400
    assert "未导出 Excel" in response.content.decode()


@pytest.mark.parametrize("url", ["/programs/work/applications/?format=xlsx", "/programs/work/calls/?format=xlsx"])
def test_officer_list_exports_run_the_same_queries_for_3_or_30_rows(client, wuhan_officer, url):
    client.force_login(wuhan_officer)
    call = CallFactory(region_code="420100")
    _applications(call, 3)
    few = download(client, url).queries
    for _ in range(9):
        _applications(CallFactory(region_code="420100"), 3)
    assert download(client, url).queries == few


def test_call_export_lists_the_region_calls_with_their_application_counts(client, wuhan_officer, lists):
    client.force_login(wuhan_officer)
    lists["wuhan_call"].title = "=1+2 武汉指南"
    lists["wuhan_call"].save(update_fields=["title"])
    export = download(client, "/programs/work/calls/?format=xlsx")
    assert export.column("标题") == ["'=1+2 武汉指南"]
    assert export.column("申报书") == [6]  # every application, the draft included, as on the page
    assert "恩施指南" not in export.texts()
    assert_formula_inert(export, "=1+2 武汉指南")


def test_reviewer_exports_only_their_own_tasks(client, db):
    reviewer, other = ReviewerFactory(), ReviewerFactory()
    mine = ReviewAssignmentFactory(reviewer=reviewer, application__title=FORMULA)
    ReviewAssignmentFactory(reviewer=other, application__title="别人的评审")
    client.force_login(reviewer)
    export = download(client, "/programs/reviews/?format=xlsx")
    assert export.column("项目名称") == [f"'{mine.application.title}"]
    assert "别人的评审" not in export.texts()
    assert_formula_inert(export)


def test_the_lists_carry_an_export_button_with_their_filters(client, wuhan_officer, lists):
    client.force_login(wuhan_officer)
    page = client.get("/programs/work/applications/?status=submitted&page=1").content.decode()
    assert 'href="?status=submitted&amp;format=xlsx"' in page
    assert "导出 Excel" in client.get("/programs/work/calls/").content.decode()
