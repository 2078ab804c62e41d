"""The dashboard's filters: a region inside the officer's own, and a date range.

A ``core.filters.FilterSet`` for its hardened form (a NUL byte, 10,000 characters or year 0001 are the form's errors,
never a 500) and so that the project's hostile-query test opens the dashboard with every field. The queryset is only
the regions on offer: the figures are computed by ``dashboard.selectors`` from the cleaned values (``scope``).
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.filters import FilterSet
from core.models import Region, RegionLevel

from .selectors import Scope

# Regions down to the county; townships and villages are not offered (the figures group by county at most).
LEVELS = (RegionLevel.PROVINCE, RegionLevel.PREFECTURE, RegionLevel.COUNTY)


def regions_within(region: Region):
    return Region.objects.subtree(region).filter(level__in=LEVELS).order_by("path")


class DashboardForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", ValidationError(_("结束日期不能早于开始日期。"), code="reversed"))
        return cleaned


class DashboardFilter(FilterSet):
    # By code (``?region=420102``), so a link to a county's figures reads as one.
    region = django_filters.ModelChoiceFilter(
        label=_lazy("地区"),
        queryset=Region.objects.none(),
        to_field_name="code",
        method="keep",
        empty_label=_lazy("本辖区全部"),
    )
    date_from = django_filters.DateFilter(label=_lazy("开始日期"), method="keep")
    date_to = django_filters.DateFilter(label=_lazy("结束日期"), method="keep")

    class Meta:
        model = Region
        fields = ["region", "date_from", "date_to"]
        form = DashboardForm

    def __init__(self, data=None, *, user, **kwargs):
        self.officer_region = user.officer_region
        super().__init__(data, queryset=Region.objects.none(), **kwargs)
        if self.officer_region is not None:
            # A region outside the officer's subtree is not a valid choice: the form's error, the officer's own region.
            self.filters["region"].queryset = regions_within(self.officer_region)
            depth = self.officer_region.depth
            # Counties indented under their 市州 in the drop-down.
            self.form.fields["region"].label_from_instance = lambda r: "\u3000" * (r.depth - depth) + r.name
        for name in ("date_from", "date_to"):
            self.form.fields[name].widget.input_type = "date"

    def keep(self, queryset, name, value):
        return queryset

    def scope(self, today: datetime.date | None = None) -> Scope:
        """The region and period the figures are for; an invalid field falls back to its default (the officer's own
        region, an open-ended period) and is named on the page."""
        data = {}
        if self.is_bound:
            self.form.is_valid()
            data = self.form.cleaned_data  # the fields that passed; a refused one is absent
        region = data.get("region") or self.officer_region
        start, end = data.get("date_from"), data.get("date_to")
        return Scope(region=region, date_from=start, date_to=end, today=today or timezone.localdate())
