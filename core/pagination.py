"""Pagination for lists that can reach millions of rows (service logs, children, grants, payments, audit events).

Django's ``Paginator`` costs two things that grow with the list: ``COUNT(*)`` over every row on every request, and
``OFFSET`` — page 10,000 makes the database build (annotations, correlated subqueries and all) and throw away
499,950 rows before the 50 it shows. ``paginate`` keeps Django's interface (``page.object_list``, ``number``,
``has_next``, ``paginator.count`` / ``num_pages``) and changes both:

- **the count** is exact up to ``EXACT_COUNT_LIMIT`` rows (a ``COUNT(*)`` over at most that many, so its cost is
  bounded); above it, on PostgreSQL, the planner's estimate of the rows is shown as "about N"
  (``paginator.count_is_estimate``). Where the estimate is too high and a page past the real end is asked for, the
  exact count is taken once and the real last page shown.
- **the page** is one query: the rows whose ids an index-covering subquery picks (``WHERE pk IN (SELECT pk … ORDER
  BY … LIMIT n OFFSET k)``, a deferred join), so the expensive columns are computed for the page's rows only; and the
  "next" and "previous" links carry the sort key of the page's last or first row (``?after=`` / ``?before=``, keyset
  pagination): following them seeks in the index instead of counting rows, so walking to page 10,000 costs what page
  1 costs. A jump to a numbered page uses the offset subquery.

The number of queries does not depend on the page number (the count, the page, and the queryset's own prefetches).
"""

import datetime
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connections, models
from django.db.models import Q
from django.utils.functional import cached_property

# Above this many rows a list shows the planner's estimate rather than counting every row on every request.
EXACT_COUNT_LIMIT = 10_000
# The sort keys a cursor may hold: values that survive a round trip through a URL as text.
_SEEKABLE_FIELDS = (models.IntegerField, models.DateField, models.AutoField, models.BigAutoField)
_SEPARATOR = "_"


@dataclass(frozen=True)
class _Key:
    """One column of the sort: the model field and its direction."""

    field: models.Field
    descending: bool

    @property
    def name(self) -> str:
        return self.field.attname


def _sort_keys(queryset) -> list[_Key] | None:
    """The queryset's ordering as plain non-null columns ending in the primary key, or None when it cannot be seeked
    (an expression, a column of another table, a nullable column: NULLs sort differently on each database)."""
    query = queryset.query
    ordering = list(query.order_by) or (list(query.get_meta().ordering) if query.default_ordering else [])
    meta = queryset.model._meta
    keys = []
    for item in ordering:
        if not isinstance(item, str) or "__" in item or item.lstrip("-") == "?":
            return None
        name = item.lstrip("-")
        try:
            field = meta.pk if name == "pk" else meta.get_field(name)
        except Exception:  # an annotation, not a column of the model
            return None
        if not isinstance(field, _SEEKABLE_FIELDS) or field.null or not field.concrete or field.model is not meta.model:
            return None
        keys.append(_Key(field, item.startswith("-")))
    if not keys or keys[-1].field is not meta.pk:
        if any(key.field is meta.pk for key in keys):
            return None
        # The primary key breaks ties, so every row has one place in the order and a cursor names one position.
        keys.append(_Key(meta.pk, keys[-1].descending if keys else False))
    return keys


def _order_by(keys: list[_Key], *, reverse: bool = False) -> list[str]:
    return [("-" if key.descending != reverse else "") + key.name for key in keys]


def _encode(keys: list[_Key], row) -> str:
    values = []
    for key in keys:
        value = getattr(row, key.name)
        values.append(value.isoformat() if isinstance(value, datetime.date) else str(value))
    return _SEPARATOR.join(values)


def _decode(keys: list[_Key], cursor: str) -> list | None:
    """The cursor's values, or None when it is not one of ours (tampered, truncated, from another list)."""
    if not cursor or len(cursor) > 200:
        return None
    parts = cursor.split(_SEPARATOR)
    if len(parts) != len(keys):
        return None
    values = []
    for key, part in zip(keys, parts, strict=True):
        if isinstance(key.field, models.DateTimeField):
            try:
                value = datetime.datetime.fromisoformat(part)
            except ValueError:
                return None
        else:
            try:
                value = key.field.to_python(part)
            except (ValidationError, ValueError, TypeError, OverflowError):
                return None
            if isinstance(value, int) and not -(2**63) <= value < 2**63:
                return None
        if value is None:
            return None
        values.append(value)
    return values


def _seek(keys: list[_Key], values: list, *, backwards: bool) -> Q:
    """Rows after (or before) the position ``values`` in the order ``keys``: (k1 < v1) or (k1 = v1 and k2 < v2) or
    … for descending keys; the first key's bound is repeated on its own, so the database starts its index scan there."""
    condition = Q()
    equal = {}
    for key, value in zip(keys, values, strict=True):
        lookup = "lt" if key.descending != backwards else "gt"
        condition |= Q(**equal, **{f"{key.name}__{lookup}": value})
        equal[key.name] = value
    first = keys[0]
    bound = "lte" if first.descending != backwards else "gte"
    return Q(**{f"{first.name}__{bound}": values[0]}) & condition


class SeekPage(Page):
    """A page whose rows are already fetched, with the links to its neighbours (query strings keeping the filters)."""

    def __init__(self, object_list, number, paginator, *, has_next: bool, has_previous: bool, query):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next
        self._has_previous = has_previous
        self._query = query

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self._has_previous

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return max(1, self.number - 1)

    def _url(self, number: int, **cursor) -> str:
        query = self._query.copy()
        query["page"] = str(number)
        for name, value in cursor.items():
            query[name] = value
        return "?" + query.urlencode()

    @property
    def first_url(self) -> str:
        return self._url(1)

    @property
    def last_url(self) -> str:
        return self._url(self.paginator.num_pages)

    @property
    def previous_url(self) -> str:
        keys = self.paginator.sort_keys
        if keys and self.object_list and self.number > 2:
            return self._url(self.number - 1, before=_encode(keys, self.object_list[0]))
        return self._url(self.previous_page_number())

    @property
    def next_url(self) -> str:
        keys = self.paginator.sort_keys
        if keys and self.object_list:
            return self._url(self.number + 1, after=_encode(keys, self.object_list[-1]))
        return self._url(self.next_page_number())

    @property
    def hidden_fields(self) -> list[tuple[str, str]]:
        """The filters, for a "go to page" form."""
        return [(name, value) for name, values in self._query.lists() for value in values]


class SeekPaginator(Paginator):
    """See the module's docstring. ``get_page`` takes the request's parameters; ``page(n)`` works as Django's."""

    def __init__(self, object_list, per_page, *, exact_count_limit: int | None = None):
        keys = _sort_keys(object_list)
        if keys is not None:
            object_list = object_list.order_by(*_order_by(keys))
        super().__init__(object_list, per_page)
        self.sort_keys = keys
        self.exact_count_limit = EXACT_COUNT_LIMIT if exact_count_limit is None else exact_count_limit
        self._estimated = False

    @property
    def count_is_estimate(self) -> bool:
        """Whether ``count`` is the planner's estimate rather than the number of rows."""
        return self.count is not None and self._estimated

    @cached_property
    def count(self) -> int:
        queryset = self.object_list.order_by()
        bounded = queryset.values("pk")[: self.exact_count_limit + 1].count()
        if bounded <= self.exact_count_limit:
            return bounded
        estimate = _estimate(queryset)
        if estimate is None:
            return queryset.count()
        self._estimated = True
        # The planner may guess low; there are more rows than the bounded count found, at least.
        return max(estimate, bounded)

    def exact_count(self) -> int:
        """Count every row (once, when an estimate turned out too high)."""
        self.__dict__["count"] = self.object_list.order_by().count()
        self.__dict__.pop("num_pages", None)
        self._estimated = False
        return self.count

    def _fetch(self, ids):
        """The page's rows, in the list's order: the full query restricted to the ids ``ids`` (a subquery) picked."""
        # One query: the database computes the list's annotations for these rows only.
        return list(self.object_list.filter(pk__in=ids))

    def page(self, number, *, query=None):
        number = self.validate_number(number)
        return self._offset_page(number, query)

    def _offset_page(self, number: int, query):
        bottom = (number - 1) * self.per_page
        rows = self._fetch(self.object_list.values("pk")[bottom : bottom + self.per_page + 1])
        return self._page(rows, number, has_previous=number > 1, query=query)

    def _page(self, rows, number, *, has_previous: bool, query, backwards: bool = False):
        more = len(rows) > self.per_page
        if backwards:
            # Fetched towards the start: the row farthest from the cursor only tells that there is a page before.
            return SeekPage(rows[1:], number, self, has_next=True, has_previous=True, query=self._query(query))
        rows = rows[: self.per_page]
        return SeekPage(rows, number, self, has_next=more, has_previous=has_previous, query=self._query(query))

    @staticmethod
    def _query(query):
        if query is None:
            from django.http import QueryDict

            return QueryDict(mutable=True)
        query = query.copy()
        for name in ("page", "after", "before"):
            query.pop(name, None)
        return query

    def get_page(self, number, *, after: str | None = None, before: str | None = None, query=None):
        """The page ``number`` (any text: not a number → the first page, past the end → the last), or the page after
        or before a cursor when one of ours is given (its number is then only the label)."""
        try:
            number = int(str(number).strip())
        except (TypeError, ValueError):
            number = 1
        number = max(1, number)
        cursor = after or before
        if self.sort_keys and cursor:
            values = _decode(self.sort_keys, cursor)
            if values is not None:
                seeked = self._seek_page(values, min(number, self.num_pages), backwards=bool(before), query=query)
                if seeked is not None:
                    return seeked
        if number > self.num_pages:
            number = self.num_pages
        page = self._offset_page(number, query)
        if not page.object_list and number > 1 and self.count_is_estimate:
            # The estimate was too high: count once, and show the real last page.
            self.exact_count()
            page = self._offset_page(min(number, self.num_pages), query)
        return page

    def _seek_page(self, values, number, *, backwards: bool, query):
        ids = self.object_list.filter(_seek(self.sort_keys, values, backwards=backwards))
        if backwards:
            ids = ids.order_by(*_order_by(self.sort_keys, reverse=True))
        rows = self._fetch(ids.values("pk")[: self.per_page + 1])
        if not rows:
            return None  # past either end (the rows have changed since the link was made): fall back to the number
        if backwards:
            if len(rows) <= self.per_page:
                return self._offset_page(1, query)  # nothing before these rows: this is the first page, filled up
            return self._page(rows, max(2, number), has_previous=True, query=query, backwards=True)
        return self._page(rows, max(2, number), has_previous=True, query=query)


def _estimate(queryset) -> int | None:
    """The planner's estimate of the rows ``queryset`` returns (PostgreSQL; None elsewhere)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    rows = plan[0]["Plan"]["Plan Rows"]
    return math.ceil(rows)


def paginate(request, queryset, per_page: int):
    """The page of ``queryset`` that ``request`` asks for (``?page=``, ``?after=``, ``?before=``), with links that keep
    the request's other parameters (the filters)."""
    paginator = SeekPaginator(queryset, per_page)
    get = request.GET
    return paginator.get_page(get.get("page"), after=get.get("after"), before=get.get("before"), query=get)
