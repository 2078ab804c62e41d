"""The officer's filter over organizations in their region."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from core.models import Region, RegionLevel

from .forms import RegionChoiceField
from .models import AnnualStatus, OrganizationType, Rating, VerificationStatus

DATE_INPUT = forms.DateInput(attrs={"type": "date"})

STATUS_CHOICES = [
    ("awaiting", _("待处理（新注册、重新提交或法定信息变更）")),
    *VerificationStatus.choices,
    ("changes", _("法定信息变更待审核")),
]


class RegionLabelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = RegionChoiceField


class CheckboxFilter(django_filters.BooleanFilter):
    """A plain checkbox (checked: apply the filter; unchecked: show everything)."""

    field_class = forms.BooleanField


class OrganizationFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("registered_after"), cleaned.get("registered_before")
        if after and before and after > before:
            self.add_error("registered_before", _("“登记日期不晚于”不能早于“登记日期不早于”。"))
        return cleaned


class OrganizationFilter(FilterSet):
    q = django_filters.CharFilter(label=_("名称或信用代码"), method="filter_text")
    region = RegionLabelChoiceFilter(
        label=_("登记地区"), queryset=Region.objects.none(), method="filter_region", empty_label=_("全部")
    )
    org_type = django_filters.ChoiceFilter(label=_("组织类型"), choices=OrganizationType.choices, empty_label=_("全部"))
    rating = django_filters.ChoiceFilter(
        label=_("评估等级"),
        choices=[("none", _("未评估")), *Rating.choices[1:]],
        method="filter_rating",
        empty_label=_("全部"),
    )
    status = django_filters.ChoiceFilter(
        label=_("认证状态"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("全部")
    )
    annual_unconfirmed = CheckboxFilter(label=_("有待确认的年检年报"), method="filter_annual_unconfirmed")
    registered_after = django_filters.DateFilter(
        label=_("登记日期不早于"), field_name="registered_on", lookup_expr="gte", widget=DATE_INPUT
    )
    registered_before = django_filters.DateFilter(
        label=_("登记日期不晚于"), field_name="registered_on", lookup_expr="lte", widget=DATE_INPUT
    )

    class Meta:
        form = OrganizationFilterForm

    def __init__(self, *args, officer=None, **kwargs):
        super().__init__(*args, **kwargs)
        scope = officer.officer_region if officer is not None else None
        self.filters["region"].queryset = (
            Region.objects.subtree(scope)
            .filter(level__in=[RegionLevel.PROVINCE, RegionLevel.PREFECTURE, RegionLevel.COUNTY])
            .order_by("path")
            if scope
            else Region.objects.none()
        )

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__icontains=value.upper()))

    def filter_region(self, queryset, name, region):
        return queryset.filter(registration_region__path__startswith=region.path)

    def filter_rating(self, queryset, name, value):
        return queryset.filter(rating="" if value == "none" else value)

    def filter_annual_unconfirmed(self, queryset, name, value):
        if not value:
            return queryset
        unconfirmed = AnnualStatus.objects.filter(confirmed_at__isnull=True).values("organization_id")
        return queryset.filter(pk__in=unconfirmed)

    def filter_status(self, queryset, name, value):
        if value == "awaiting":
            return queryset.awaiting_officer()
        if value == "changes":
            return queryset.with_pending_changes()
        return queryset.filter(verification_status=value)


class PublicOrganizationFilter(FilterSet):
    """The public directory's search: name or service region, type, 市州 of registration (by code)."""

    q = django_filters.CharFilter(method="filter_text")
    type = django_filters.ChoiceFilter(field_name="org_type", choices=OrganizationType.choices)
    region = django_filters.CharFilter(field_name="registration_region__prefecture_code")

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(service_regions__name__icontains=value)).distinct()
