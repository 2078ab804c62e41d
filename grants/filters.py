"""The officer's grant list filters."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from core.models import Region
from programs.models import BrandProgram, Call, FundingSource

from .models import Grant, GrantStatus, Payment, PaymentFunding


class GrantFilter(FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=GrantStatus.choices, empty_label=_("全部"))
    region = django_filters.ModelChoiceFilter(
        label=_("服务区域"), queryset=Region.objects.none(), method="filter_region", empty_label=_("全部")
    )
    call = django_filters.ModelChoiceFilter(label=_("申报指南"), queryset=Call.objects.none(), empty_label=_("全部"))
    brand_program = django_filters.ModelChoiceFilter(
        label=_("品牌项目"), queryset=BrandProgram.objects.all(), empty_label=_("全部")
    )
    # Free text, not a drop-down: a province has thousands of organizations.
    organization_name = django_filters.CharFilter(label=_("承接组织"), method="filter_organization_name")
    # By id, for links from an organization's page; not shown in the form.
    organization = django_filters.NumberFilter(field_name="organization", widget=forms.HiddenInput)
    funding_source = django_filters.ChoiceFilter(
        label=_("资金来源"), choices=FundingSource.choices, empty_label=_("全部")
    )
    year = django_filters.NumberFilter(label=_("年度"), field_name="start_date", lookup_expr="year")
    # "全部 / 有逾期节点 / 无逾期节点" rather than a yes/no box whose empty choice reads 未知.
    overdue = django_filters.ChoiceFilter(
        label=_("逾期"),
        choices=[("true", _("有逾期节点")), ("false", _("无逾期节点"))],
        empty_label=_("全部"),
        method="filter_overdue",
    )

    class Meta:
        model = Grant
        fields = [
            "status",
            "region",
            "call",
            "brand_program",
            "organization_name",
            "organization",
            "funding_source",
            "year",
            "overdue",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        region = user.officer_region
        if region is not None:
            self.filters["region"].queryset = Region.objects.subtree(region).filter(depth__lte=region.depth + 2)
            self.filters["call"].queryset = Call.objects.issued_in(region)

    def filter_organization_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(organization__name__icontains=value) | Q(organization__credit_code=value.upper()))

    def filter_region(self, queryset, name, value):
        served = Grant.service_regions.through.objects.filter(grant=OuterRef("pk"), region__path__startswith=value.path)
        return queryset.filter(Exists(served))

    def filter_overdue(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        return queryset.with_overdue().filter(has_overdue=value == "true")


class PaymentFilter(FilterSet):
    """The officer's payments (拨付记录): release dates, issuing region (down to a county), funding source, brand."""

    paid_from = django_filters.DateFilter(
        label=_("拨付日期从"), field_name="paid_on", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    paid_to = django_filters.DateFilter(
        label=_("拨付日期至"), field_name="paid_on", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )
    region = django_filters.ModelChoiceFilter(
        label=_("发包地区"), queryset=Region.objects.none(), method="filter_region", empty_label=_("全部")
    )
    funding_source = django_filters.ChoiceFilter(
        label=_("资金来源"), choices=FundingSource.choices, empty_label=_("全部"), method="filter_funding_source"
    )
    brand_program = django_filters.ModelChoiceFilter(
        label=_("品牌项目"),
        field_name="milestone__grant__brand_program",
        queryset=BrandProgram.objects.all(),
        empty_label=_("全部"),
    )

    class Meta:
        model = Payment
        fields = ["paid_from", "paid_to", "region", "funding_source", "brand_program"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        region = user.officer_region
        if region is not None:
            # The officer's region, its 市州 and its 县市区: a county is as far down as grants are issued.
            self.filters["region"].queryset = Region.objects.subtree(region).filter(depth__lte=region.depth + 2)

    def filter_region(self, queryset, name, value):
        return queryset.filter(milestone__grant__issuing_region__path__startswith=value.path)

    def filter_funding_source(self, queryset, name, value):
        """Payments that drew on the source; a payment recorded before funding splits existed counts for its grant's
        single source."""
        shares = PaymentFunding.objects.filter(payment=OuterRef("pk"))
        return queryset.filter(
            Exists(shares.filter(source=value)) | (~Exists(shares) & Q(milestone__grant__funding_source=value))
        )


class PublicGrantFilter(FilterSet):
    """Filters on the public funded-projects page: only public facts."""

    prefecture = django_filters.ModelChoiceFilter(
        label=_("市州"), queryset=Region.objects.none(), method="filter_prefecture", empty_label=_("全部")
    )
    brand_program = django_filters.ModelChoiceFilter(
        label=_("品牌项目"), queryset=BrandProgram.objects.all(), empty_label=_("全部")
    )
    funding_source = django_filters.ChoiceFilter(
        label=_("资金来源"), choices=FundingSource.choices, empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=GrantStatus.choices, empty_label=_("全部"))
    year = django_filters.NumberFilter(label=_("年度"), field_name="start_date", lookup_expr="year")

    class Meta:
        model = Grant
        fields = ["prefecture", "brand_program", "funding_source", "status", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["prefecture"].queryset = Region.objects.prefecture_units().order_by("code")

    def filter_prefecture(self, queryset, name, value):
        """Grants issued in the 市州 or serving somewhere in it (a provincial grant serving 恩施 counts for 恩施)."""
        served = Grant.service_regions.through.objects.filter(grant=OuterRef("pk"), region__path__startswith=value.path)
        return queryset.filter(Exists(served) | Q(issuing_region__path__startswith=value.path))
