"""The shared paginator (core.pagination): every page holds what Django's Paginator puts there, whether it is reached
by its number or by the "next" and "previous" links (keyset cursors); bad parameters give the first or the last page;
the number of queries does not depend on how deep the page is; above the exact-count limit the count is an estimate."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import pagination
from core.audit import audit_log
from core.pagination import SeekPaginator
from delivery.models import ServiceLog
from tests.factories.delivery import ServiceLogFactory

pytestmark = pytest.mark.django_db

ORDERINGS = [("-date", "-id"), ("date", "id"), ("-id",), ("date",), ("-created_at", "-id"), ("volunteer_name", "-id")]


@pytest.fixture
def events(grant):
    """23 service logs of ``grant``; every three share a date, so the date alone does not order them."""
    for i in range(23):
        ServiceLogFactory(
            grant=grant, date=grant.start_date + datetime.timedelta(days=i // 3), volunteer_name=f"王{i % 4}"
        )
    return ServiceLog.objects.filter(grant=grant)


def _naive(queryset, per_page):
    paginator = Paginator(queryset, per_page)
    return [list(paginator.page(n).object_list) for n in paginator.page_range]


def _follow(paginator, url):
    get = QueryDict(url[1:])
    return paginator.get_page(get.get("page"), after=get.get("after"), before=get.get("before"), query=get)


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_numbered_pages_hold_what_djangos_paginator_holds(events, ordering):
    queryset = events.order_by(*ordering)
    if "id" not in ordering and "-id" not in ordering:
        queryset = queryset.order_by(*ordering, "id")  # Django's pages are only defined for a total order
    expected = _naive(queryset, 5)
    paginator = SeekPaginator(queryset, 5)
    assert (paginator.count, paginator.num_pages) == (23, len(expected))
    for number, rows in enumerate(expected, start=1):
        page = paginator.get_page(str(number))
        assert list(page.object_list) == rows
        assert (page.has_previous(), page.has_next()) == (number > 1, number < len(expected))


@pytest.mark.parametrize("ordering", [("-date", "-id"), ("date", "id"), ("-id",), ("-created_at", "-id")])
def test_next_and_previous_links_walk_the_same_pages(events, ordering):
    queryset = events.order_by(*ordering)
    expected = _naive(queryset, 5)
    paginator = SeekPaginator(queryset, 5)
    page, walked = paginator.get_page("1", query=QueryDict("form=case")), []
    while True:
        walked.append(list(page.object_list))
        if not page.has_next():
            break
        assert "after=" in page.next_url and "form=case" in page.next_url  # a cursor, and the filters kept
        page = _follow(paginator, page.next_url)
    assert walked == expected
    assert page.number == len(expected)
    back = []
    while True:
        back.append(list(page.object_list))
        if not page.has_previous():
            break
        page = _follow(paginator, page.previous_url)
    assert back == expected[::-1]
    assert page.number == 1


def test_an_ordering_by_text_is_paged_by_number(events):
    paginator = SeekPaginator(events.order_by("volunteer_name", "-id"), 5)
    assert paginator.sort_keys is None
    page = paginator.get_page("2")
    assert "after=" not in page.next_url and "page=3" in page.next_url


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 1), ("-1", 1), ("abc", 1), ("\x00", 1), ("", 1), (None, 1), ("1.5", 1), ("99999999999999999999", 5)],
)
def test_bad_page_numbers_give_the_first_or_the_last_page(events, value, expected):
    page = SeekPaginator(events.order_by("-id"), 5).get_page(value)
    assert page.number == expected
    assert list(page.object_list) == _naive(events.order_by("-id"), 5)[expected - 1]


@pytest.mark.parametrize(
    "cursor",
    ["abc", "\x00", "2026-13-45_1", "1_2_3", "9" * 40 + "_1", "_", "x" * 500, "2026-01-01_abc", "2026-01-01_1\x00"],
)
def test_a_bad_cursor_falls_back_to_the_page_number(events, cursor):
    paginator = SeekPaginator(events.order_by("-date", "-id"), 5)
    for name in ("after", "before"):
        page = paginator.get_page("2", **{name: cursor})
        assert list(page.object_list) == _naive(events.order_by("-date", "-id"), 5)[1]


def test_the_number_of_queries_does_not_depend_on_the_page(events):
    queryset = events.order_by("-date", "-id")
    counts = set()
    for args in [("1",), ("3",), ("5",), ("99",)]:
        with CaptureQueriesContext(connection) as queries:
            page = SeekPaginator(queryset, 5).get_page(*args)
            list(page.object_list)
        counts.add(len(queries))
    with CaptureQueriesContext(connection) as queries:
        paginator = SeekPaginator(queryset, 5)
        list(_follow(paginator, page.previous_url).object_list)
    counts.add(len(queries))
    assert counts == {2}  # the bounded count and the page


def test_above_the_limit_the_count_is_the_planners_estimate(events, monkeypatch):
    monkeypatch.setattr(pagination, "_estimate", lambda queryset: 1000)
    paginator = SeekPaginator(events.order_by("-id"), 5, exact_count_limit=10)
    assert (paginator.count, paginator.count_is_estimate, paginator.num_pages) == (1000, True, 200)
    # A page past the real end: the rows are counted once, and the real last page is shown.
    page = paginator.get_page("150")
    assert (page.number, paginator.count, paginator.count_is_estimate) == (5, 23, False)
    assert list(page.object_list) == _naive(events.order_by("-id"), 5)[4]


def test_the_estimate_comes_from_the_planner_on_postgresql(events):
    paginator = SeekPaginator(events.order_by("-id"), 5, exact_count_limit=10)
    if connection.vendor != "postgresql":
        assert (paginator.count, paginator.count_is_estimate) == (23, False)  # no planner to ask: counted
        return
    assert paginator.count_is_estimate and paginator.count > 10


def test_the_audit_search_pages_by_cursor_and_keeps_its_filters(client, db):
    from core.models import AuditEvent
    from tests.factories import UserFactory

    with transaction.atomic():
        for i in range(60):
            audit_log(actor=None, action=f"test.{i % 2}")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("audit_list")
    first = client.get(url, {"action": "test"})
    assert first.status_code == 200
    page = first.context["page"]
    assert "action=test" in page.next_url and "after=" in page.next_url
    second = client.get(url + page.next_url)
    expected = _naive(AuditEvent.objects.filter(action__icontains="test").order_by("-id"), 50)
    assert [e.pk for e in page.object_list] == [e.pk for e in expected[0]]
    assert [e.pk for e in second.context["page"].object_list] == [e.pk for e in expected[1]]
    for bad in ["0", "-1", "99999999999999999999", "abc", "\x00"]:
        assert client.get(url, {"page": bad, "after": bad, "before": bad}).status_code == 200


def test_the_log_list_shows_an_estimate_and_the_same_queries_on_every_page(member_client, events, monkeypatch):
    first = events.first()
    copies = []
    for i in range(100):
        copy = ServiceLog.objects.get(pk=first.pk)
        copy.pk, copy.date = None, first.date + datetime.timedelta(days=i % 7)
        copies.append(copy)
    ServiceLog.objects.bulk_create(copies)  # 123 logs: three pages of 50
    url = reverse("delivery:log_list", kwargs={"grant_pk": first.grant_id})
    counts = []
    for query in ["", "?page=3", "?page=5", "?page=99999999999999999999", "?page=abc", "?page=-1"]:
        with CaptureQueriesContext(connection) as queries:
            response = member_client.get(url + query)
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1
    with CaptureQueriesContext(connection) as queries:
        response = member_client.get(url + response.context["page"].next_url)
    assert response.status_code == 200 and len(queries) == counts[0]
    assert response.context["page"].number == 2
    assert [log.pk for log in response.context["page"].object_list] == [
        log.pk for log in _naive(events.order_by("-date", "-id"), 50)[1]
    ]
    assert "共 123 条" in response.content.decode()

    monkeypatch.setattr(pagination, "EXACT_COUNT_LIMIT", 10)
    monkeypatch.setattr(pagination, "_estimate", lambda queryset: 1000)
    html = member_client.get(url).content.decode()
    assert "约 1000 条" in html and "约 20 页" in html
