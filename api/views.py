"""The open data API (``/api/v1/``): read-only lists of what the public pages already show, as JSON (cursor-paginated,
in a stable order), CSV or xlsx (``?format=csv`` / ``?format=xlsx``: every row the filters select, no pagination).

Every view reads through the public selectors of the apps (``programs.selectors.public_calls``,
``grants.selectors.public_grants``, ``organizations.selectors.public_directory``) and the public figures of
``delivery.public`` / ``cms.impact``; none takes a write method (405), and no client signs in.
"""

from collections import defaultdict

from django.db.models import Sum
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotAcceptable, NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.filters import INT_RANGE
from grants.models import PaymentFunding
from grants.selectors import public_grants
from organizations.selectors import public_directory
from programs.selectors import public_calls

from . import stats
from .dictionary import CALL_FIELDS, DICTIONARY_FIELDS, GRANT_FIELDS, ORGANIZATION_FIELDS, STATS_FIELDS, dictionary_rows
from .downloads import download
from .filters import CallApiFilter, GrantApiFilter, OrganizationApiFilter
from .serializers import (
    CallSerializer,
    FieldSerializer,
    GrantSerializer,
    OrganizationSerializer,
    StatsTableSerializer,
)
from .throttling import AddressRateThrottle, too_many_requests

CHUNK = 500


class CSVRenderer(BaseRenderer):
    """Declares ``?format=csv`` (the view writes the file itself, streamed)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only errors reach here (a 400 of a filter, a 429): as plain text.
        return str(data.get("detail", data) if isinstance(data, dict) else data).encode()


class XLSXRenderer(CSVRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None


FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv", "xlsx"],
    description="json（默认，分页）；csv 或 xlsx：筛选结果的全部行，列见 /api/v1/fields/",
)


class Pagination(CursorPagination):
    """Cursor pagination over the primary key: stable while rows are added, and as fast on the last page as on the
    first."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        """A cursor is base64 of a query string anyone can forge: its position must be a row id within a 32-bit
        range (PostgreSQL and SQLite answered 500 for text, NUL bytes and numbers past 64 bits), else 404 like any
        other invalid cursor."""
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        position = cursor.position
        if not (position.isascii() and position.isdigit() and int(position) <= INT_RANGE[1]):
            raise NotFound(self.invalid_cursor_message)
        return cursor


class JSONUnlessAsked(DefaultContentNegotiation):
    """A browser's ``Accept: text/html`` gets the JSON rather than a 406; ``?format=`` still chooses CSV or xlsx."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


class OpenDataView(APIView):
    content_negotiation_class = JSONUnlessAsked
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [AddressRateThrottle]
    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer]
    http_method_names = ["get", "head", "options"]

    def throttled(self, request, wait):
        raise too_many_requests(wait)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
        return response


class OpenDataList(OpenDataView, generics.ListAPIView):
    """A list of records; ``dataset`` names its fields in the dictionary."""

    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    dataset = ""
    fields: list = []

    def prepare(self, objects: list) -> list:
        """Attach what the serializer needs for a page (or a chunk) of objects, in a fixed number of queries."""
        return objects

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        fmt = request.accepted_renderer.format
        if fmt in ("csv", "xlsx"):
            return download(fmt, name=self.dataset, fields=self.fields, rows=self._all_rows(queryset))
        page = self.prepare(self.paginate_queryset(queryset))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _all_rows(self, queryset):
        """Every row, read in chunks of ``CHUNK`` (prefetches run per chunk: constant memory, bounded queries)."""
        serializer = self.get_serializer_class()(context=self.get_serializer_context())
        chunk = []
        for obj in queryset.order_by("id").iterator(chunk_size=CHUNK):
            chunk.append(obj)
            if len(chunk) == CHUNK:
                yield from (serializer.to_representation(item) for item in self.prepare(chunk))
                chunk = []
        yield from (serializer.to_representation(item) for item in self.prepare(chunk))


@extend_schema(parameters=[FORMAT_PARAMETER], tags=["calls"])
class CallList(OpenDataList):
    """已发布的申报指南（草稿和已撤销的不在其中）。Published calls for proposals."""

    serializer_class = CallSerializer
    filterset_class = CallApiFilter
    dataset = "calls"
    fields = CALL_FIELDS

    def get_queryset(self):
        return public_calls().prefetch_related("funding_shares")


@extend_schema(parameters=[FORMAT_PARAMETER], tags=["grants"])
class GrantList(OpenDataList):
    """立项项目，每个项目合同一行，字段参照 360Giving 标准。Funded grants, one row each, modelled on 360Giving."""

    serializer_class = GrantSerializer
    filterset_class = GrantApiFilter
    dataset = "grants"
    fields = GRANT_FIELDS

    def get_queryset(self):
        # public_grants() brings the organization, call, region, brand, published evaluations and served regions.
        return public_grants().with_amounts().select_related("continues").prefetch_related("funding_shares")

    def prepare(self, objects):
        """Paid per funding source for these grants: one aggregate query."""
        paid = defaultdict(dict)
        rows = (
            PaymentFunding.objects.filter(payment__milestone__grant__in=[grant.pk for grant in objects])
            .values("payment__milestone__grant", "source")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        for row in rows:
            paid[row["payment__milestone__grant"]][row["source"]] = row["total"]
        for grant in objects:
            grant.paid_by_source = paid.get(grant.pk, {})
        return objects


@extend_schema(parameters=[FORMAT_PARAMETER], tags=["organizations"])
class OrganizationList(OpenDataList):
    """社会组织名录中的已认证组织（只含名录公开的信息）。Verified organizations of the public directory."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationApiFilter
    dataset = "organizations"
    fields = ORGANIZATION_FIELDS

    def get_queryset(self):
        return public_directory().prefetch_related("child_categories")


class StatsView(OpenDataView):
    """A table of aggregates (see ``api.stats``); no filters, by design."""

    dimension = ""

    @extend_schema(parameters=[FORMAT_PARAMETER], tags=["stats"], responses=StatsTableSerializer)
    def get(self, request, *args, **kwargs):
        rows = stats.table(self.dimension)
        fmt = request.accepted_renderer.format
        fields = STATS_FIELDS[self.dimension]
        if fmt in ("csv", "xlsx"):
            data = StatsTableSerializer({"dimension": self.dimension, "rows": rows}).data
            return download(fmt, name=f"stats_{self.dimension}", fields=fields, rows=data["rows"])
        return Response(StatsTableSerializer({"dimension": self.dimension, "rows": rows}).data)


class StatsIndex(OpenDataView):
    """统计表的目录。The list of stats tables."""

    renderer_classes = [JSONRenderer]

    @extend_schema(tags=["stats"], responses={200: OpenApiTypes.OBJECT})
    def get(self, request, *args, **kwargs):
        return Response(
            {
                "tables": [{"dimension": name, "url": request.build_absolute_uri(f"{name}/")} for name in stats.TABLES],
                "fields": request.build_absolute_uri("../fields/"),
            }
        )


class FieldList(OpenDataView):
    """字段说明：每个数据集每个字段的中英文名称与含义。The field dictionary, in Chinese and English."""

    @extend_schema(parameters=[FORMAT_PARAMETER], tags=["fields"], responses=FieldSerializer(many=True))
    def get(self, request, *args, **kwargs):
        rows = dictionary_rows()
        fmt = request.accepted_renderer.format
        if fmt in ("csv", "xlsx"):
            return download(fmt, name="fields", fields=DICTIONARY_FIELDS, rows=rows)
        return Response(FieldSerializer(rows, many=True).data)
