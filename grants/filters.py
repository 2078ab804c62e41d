"""The officer's grant list filters."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.models import Region
from organizations.models import Organization
from programs.models import BrandProgram, Call, FundingSource

from .models import Grant, GrantStatus


class GrantFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=GrantStatus.choices)
    region = django_filters.ModelChoiceFilter(
        label=_("服务区域"), queryset=Region.objects.none(), method="filter_region"
    )
    call = django_filters.ModelChoiceFilter(label=_("申报指南"), queryset=Call.objects.none())
    brand_program = django_filters.ModelChoiceFilter(label=_("品牌项目"), queryset=BrandProgram.objects.all())
    organization = django_filters.ModelChoiceFilter(label=_("承接组织"), queryset=Organization.objects.none())
    funding_source = django_filters.ChoiceFilter(label=_("资金来源"), choices=FundingSource.choices)
    year = django_filters.NumberFilter(label=_("年度"), field_name="start_date", lookup_expr="year")
    overdue = django_filters.BooleanFilter(label=_("有逾期节点"), method="filter_overdue")

    class Meta:
        model = Grant
        fields = ["status", "region", "call", "brand_program", "organization", "funding_source", "year", "overdue"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        region = user.officer_region
        if region is not None:
            self.filters["region"].queryset = Region.objects.subtree(region).filter(depth__lte=region.depth + 2)
            self.filters["call"].queryset = Call.objects.issued_in(region)
            self.filters["organization"].queryset = Organization.objects.filter(
                grants__issuing_region__path__startswith=region.path
            ).distinct()

    def filter_region(self, queryset, name, value):
        served = Grant.service_regions.through.objects.filter(grant=OuterRef("pk"), region__path__startswith=value.path)
        return queryset.filter(Exists(served))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        annotated = queryset.with_overdue()
        return annotated.filter(has_overdue=value)
