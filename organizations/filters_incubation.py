"""The officer's filter over the incubations in their region."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from core.models import Region

from .filters import RegionLabelChoiceFilter
from .models import IncubationStage


class IncubationFilter(FilterSet):
    q = django_filters.CharFilter(label=_("组织或孵化项目"), method="filter_text")
    stage = django_filters.ChoiceFilter(label=_("阶段"), choices=IncubationStage.choices, empty_label=_("全部"))
    region = RegionLabelChoiceFilter(
        label=_("孵化地区"), queryset=Region.objects.none(), method="filter_region", empty_label=_("全部")
    )

    def __init__(self, *args, officer=None, **kwargs):
        super().__init__(*args, **kwargs)
        scope = officer.officer_region if officer is not None else None
        self.filters["region"].queryset = (
            Region.objects.subtree(scope).exclude(level="township").order_by("path") if scope else Region.objects.none()
        )

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(organization__name__icontains=value) | Q(program_name__icontains=value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(region__path__startswith=value.path)
