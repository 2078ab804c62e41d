"""django-filter FilterSets for the public call index and the officer's application list."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from core.models import ChildCategory, Region, RegionLevel, ServiceType

from .models import Application, ApplicationStatus, BrandProgram, Call, CallPhase


class PublicCallFilter(FilterSet):
    phase = django_filters.ChoiceFilter(label=_("状态"), choices=CallPhase.choices, method="filter_phase")
    region = django_filters.ModelChoiceFilter(
        label=_("地区"),
        # The province and its 17 市州 (the four directly administered county-level units included).
        queryset=Region.objects.filter(
            Q(level=RegionLevel.PROVINCE) | (~Q(prefecture_code="") & Q(code=F("prefecture_code")))
        ),
        method="filter_region",
    )
    brand = django_filters.ModelChoiceFilter(
        label=_("品牌项目"), field_name="brand_program", queryset=BrandProgram.objects.all()
    )
    child_category = django_filters.ModelChoiceFilter(
        label=_("儿童类别"), field_name="child_categories", queryset=ChildCategory.objects.active()
    )
    service_type = django_filters.ModelChoiceFilter(
        label=_("服务类型"), field_name="service_types", queryset=ServiceType.objects.active()
    )

    class Meta:
        model = Call
        fields: list = []

    def filter_phase(self, queryset, name, value):
        return queryset.in_phase(value, timezone.now()) if value else queryset

    def filter_region(self, queryset, name, value):
        # Calls issued in the region's subtree, or by the bureaus above it (a provincial call covers every 市州).
        codes = [code for code in value.path.split("/") if code]
        return queryset.filter(Q(issuing_region__path__startswith=value.path) | Q(issuing_region__code__in=codes))


class OfficerApplicationFilter(FilterSet):
    call = django_filters.ModelChoiceFilter(label=_("申报指南"), queryset=Call.objects.none())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ApplicationStatus.choices)
    region = django_filters.ModelChoiceFilter(
        label=_("服务地区"), queryset=Region.objects.none(), method="filter_region"
    )
    organization = django_filters.CharFilter(
        label=_("申报单位"), field_name="organization__name", lookup_expr="icontains"
    )
    score_min = django_filters.NumberFilter(label=_("平均分不低于"), field_name="score_mean", lookup_expr="gte")
    score_max = django_filters.NumberFilter(label=_("平均分不高于"), field_name="score_mean", lookup_expr="lte")
    submitted_from = django_filters.DateFilter(
        label=_("提交日期从"),
        field_name="submitted_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = django_filters.DateFilter(
        label=_("提交日期至"),
        field_name="submitted_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Application
        fields: list = []

    def __init__(self, *args, officer_region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["call"].queryset = Call.objects.issued_in(officer_region)
        self.filters["region"].queryset = Region.objects.subtree(officer_region).filter(
            level__in=[RegionLevel.PREFECTURE, RegionLevel.COUNTY]
        )

    def filter_region(self, queryset, name, value):
        served = Application.service_regions.through.objects.filter(
            application_id=OuterRef("pk"), region__path__startswith=value.path
        )
        return queryset.filter(Exists(served))
