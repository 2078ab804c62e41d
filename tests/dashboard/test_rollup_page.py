"""The dashboard on the rollups: the same figures as the live data, the freshness shown, a fixed number of queries
whatever the data, and a log entered after the rebuild queues the next one (a minute later, once)."""

from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delivery.models import RollupState, ServiceLog
from delivery.services.rollups import QUEUED_KEY, rollups_refresh, rollups_refresh_soon
from tests.dashboard.growth import add_served_grants

URL = "/dashboard/"


def _page(client, params=None):
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return response


def _figures(response) -> dict:
    context = response.context
    return {key: [table.body for table in section] for key, section in enumerate(context["sections"])} | {
        "headline": context["headline"]
    }


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        _page(client, params)
    return len(context.captured_queries)


def test_the_dashboard_on_the_rollup_shows_the_live_figures_and_their_freshness(client, province):
    client.force_login(province.officer)
    periods = [{}, {"date_from": "2020-01-15", "date_to": "2030-06-20"}, {"region": "420100"}]
    live = [_figures(_page(client, params)) for params in periods]
    assert "数据更新于" not in _page(client).content.decode()

    state = rollups_refresh()

    for params, expected in zip(periods, live, strict=True):
        assert _figures(_page(client, params)) == expected, params
    body = _page(client).content.decode()
    assert "数据更新于" in body and state.refreshed_at.astimezone().strftime("%Y-%m") in body
    assert "按日期筛选时服务儿童为实时统计" in _page(client, periods[1]).content.decode()


def test_the_dashboard_costs_the_same_queries_with_more_data(client, province):
    client.force_login(province.officer)
    rollups_refresh()
    _page(client)
    before = _queries(client)
    add_served_grants(province.officer)
    rollups_refresh()
    assert _queries(client) == before
    # The children and hours come from the rollup: no query reads the logs or the enrolments.
    with CaptureQueriesContext(connection) as context:
        _page(client)
    sql = " ".join(query["sql"] for query in context.captured_queries)
    assert "delivery_servicelog" not in sql and "delivery_enrolment" not in sql


def test_changes_after_the_rebuild_queue_one_rebuild(province, django_capture_on_commit_callbacks):
    cache.delete(QUEUED_KEY)
    with mock.patch("delivery.tasks.refresh_rollups.apply_async") as queued:
        with django_capture_on_commit_callbacks(execute=True):
            rollups_refresh_soon()  # nothing built yet: the pages read the live data, nothing to refresh
        assert not queued.called
        rollups_refresh()
        for _change in range(3):  # an import, then two logs entered by hand
            with django_capture_on_commit_callbacks(execute=True):
                rollups_refresh_soon()
    assert queued.call_count == 1 and queued.call_args.kwargs == {"countdown": 60}


def test_the_task_clears_the_queue_and_rebuilds(province):
    from delivery.tasks import refresh_rollups

    cache.set(QUEUED_KEY, True)
    refresh_rollups.delay()
    assert cache.get(QUEUED_KEY) is None
    assert RollupState.objects.count() == 1
    assert ServiceLog.objects.exists()


def test_a_table_that_grows_with_the_years_shows_its_latest_rows_and_downloads_all():
    from types import SimpleNamespace

    from dashboard.tables import Table, TableColumn

    rows = [SimpleNamespace(title=f"指南{number}") for number in range(25)]
    table = Table(key="calls", title="", note="", columns=[TableColumn("title", "")], rows=rows, shown=20)
    assert len(table.body) == 20 and table.rows_not_shown == 5
    assert len(table.excel_rows()) == 25
