"""Filters of the open data lists. Regions, brands, categories and service types are named by their public codes (GB/T
2260 region codes, brand slugs, vocabulary codes), never by database ids. A bad value answers 400 with the field's
error (``core.filters.FilterSet`` guards every field against hostile input)."""

import django_filters
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import FilterSet
from core.models import ChildCategory, Region, ServiceType
from grants.models import Evaluation, Grade, Grant, GrantFunding, GrantStatus
from organizations.models import Organization, OrganizationType, Rating
from programs.models import BrandProgram, Call, CallFunding, CallPhase, FundingSource


@extend_schema_field(OpenApiTypes.STR)
class CodeFilter(django_filters.ModelChoiceFilter):
    """A row of a vocabulary or of the regions, named by its public code or slug."""


def _region_filter(label):
    return CodeFilter(label=label, queryset=Region.objects.all(), to_field_name="code", method="filter_region")


def _brand_filter():
    return CodeFilter(
        label=_("品牌项目（标识）"),
        field_name="brand_program",
        queryset=BrandProgram.objects.all(),
        to_field_name="slug",
    )


def _term_filter(label, model, method):
    return CodeFilter(label=label, queryset=model.objects.all(), to_field_name="code", method=method)


def _with_term(queryset, relation, term):
    """Rows linked to ``term`` through the many-to-many ``relation``: a subquery, so no row comes twice."""
    through = relation.through
    owner = relation.field.m2m_field_name()
    target = relation.field.m2m_reverse_field_name()
    return queryset.filter(Exists(through.objects.filter(**{owner: OuterRef("pk"), target: term})))


class CallApiFilter(FilterSet):
    phase = django_filters.ChoiceFilter(label=_("阶段"), choices=CallPhase.choices, method="filter_phase")
    region = _region_filter(_("地区代码：该地区及其下级发布的申报指南"))
    brand = _brand_filter()
    funding_source = django_filters.ChoiceFilter(
        label=_("资金来源（含联合出资）"), choices=FundingSource.choices, method="filter_funding_source"
    )
    year = django_filters.NumberFilter(label=_("申报开始年度"), field_name="opens_at", lookup_expr="year")
    child_category = _term_filter(_("儿童类别代码"), ChildCategory, "filter_child_category")
    service_type = _term_filter(_("服务类型代码"), ServiceType, "filter_service_type")

    class Meta:
        model = Call
        fields: list = []

    def filter_phase(self, queryset, name, value):
        return queryset.in_phase(value, timezone.now()) if value else queryset

    def filter_region(self, queryset, name, region):
        return queryset.filter(issuing_region__path__startswith=region.path)

    def filter_funding_source(self, queryset, name, value):
        shares = CallFunding.objects.filter(call=OuterRef("pk"), source=value)
        return queryset.filter(Q(funding_source=value) | Exists(shares))

    def filter_child_category(self, queryset, name, value):
        return _with_term(queryset, Call.child_categories, value)

    def filter_service_type(self, queryset, name, value):
        return _with_term(queryset, Call.service_types, value)


class GrantApiFilter(FilterSet):
    region = _region_filter(_("地区代码：在该地区发包或服务该地区的项目"))
    brand = _brand_filter()
    funding_source = django_filters.ChoiceFilter(
        label=_("资金来源（含联合出资）"), choices=FundingSource.choices, method="filter_funding_source"
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=GrantStatus.choices)
    year = django_filters.NumberFilter(label=_("签订年度"), field_name="signed_on", lookup_expr="year")
    organization = django_filters.CharFilter(
        label=_("承接组织的统一社会信用代码"), method="filter_organization", max_length=18
    )
    call = django_filters.NumberFilter(label=_("申报指南编号"), field_name="call_id")
    grade = django_filters.ChoiceFilter(label=_("最近公开的评估等级"), choices=Grade.choices, method="filter_grade")
    amount_min = django_filters.NumberFilter(label=_("合同金额不低于（元）"), field_name="amount", lookup_expr="gte")
    amount_max = django_filters.NumberFilter(label=_("合同金额不高于（元）"), field_name="amount", lookup_expr="lte")

    class Meta:
        model = Grant
        fields: list = []

    def filter_region(self, queryset, name, region):
        served = Grant.service_regions.through.objects.filter(
            grant=OuterRef("pk"), region__path__startswith=region.path
        )
        return queryset.filter(Exists(served) | Q(issuing_region__path__startswith=region.path))

    def filter_funding_source(self, queryset, name, value):
        shares = GrantFunding.objects.filter(grant=OuterRef("pk"), source=value)
        return queryset.filter(Q(funding_source=value) | Exists(shares))

    def filter_organization(self, queryset, name, value):
        value = value.strip().upper()
        return queryset.filter(organization__credit_code=value) if value else queryset

    def filter_grade(self, queryset, name, value):
        if not value:
            return queryset
        latest = Evaluation.objects.published().filter(grant=OuterRef("pk")).order_by("-published_at", "-pk")
        return queryset.annotate(latest_grade=Subquery(latest.values("grade")[:1])).filter(latest_grade=value)


class OrganizationApiFilter(FilterSet):
    q = django_filters.CharFilter(label=_("名称或统一社会信用代码"), method="filter_text")
    type = django_filters.ChoiceFilter(label=_("组织类型"), field_name="org_type", choices=OrganizationType.choices)
    region = _region_filter(_("登记地区代码：该地区及其下级登记的组织"))
    service_region = CodeFilter(
        label=_("服务区域代码"), queryset=Region.objects.all(), to_field_name="code", method="filter_service_region"
    )
    rating = django_filters.ChoiceFilter(
        label=_("评估等级"), choices=[(value, label) for value, label in Rating.choices if value], field_name="rating"
    )
    child_category = _term_filter(_("服务儿童类别代码"), ChildCategory, "filter_child_category")

    class Meta:
        model = Organization
        fields: list = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code=value.upper()))

    def filter_region(self, queryset, name, region):
        return queryset.filter(registration_region__path__startswith=region.path)

    def filter_service_region(self, queryset, name, region):
        served = Organization.service_regions.through.objects.filter(
            organization=OuterRef("pk"), region__path__startswith=region.path
        )
        return queryset.filter(Exists(served))

    def filter_child_category(self, queryset, name, value):
        return _with_term(queryset, Organization.child_categories, value)
