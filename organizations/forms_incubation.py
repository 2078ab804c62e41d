"""Forms of incubation (培育孵化): enrolment, a support record, graduation and ending."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PlausibleDatesMixin
from core.models import Region, RegionLevel

from .forms import DATE_WIDGET, RegionChoiceField
from .incubation_criteria import CONFIRMED
from .models import Incubation, IncubationSupport


class IncubationForm(PlausibleDatesMixin, forms.ModelForm):
    region = RegionChoiceField(label=_("孵化地区"), queryset=Region.objects.none())

    class Meta:
        model = Incubation
        fields = ["region", "program_name", "started_on"]
        widgets = {"started_on": DATE_WIDGET}

    def __init__(self, *args, officer, **kwargs):
        super().__init__(*args, **kwargs)
        scope = officer.officer_region
        self.fields["region"].queryset = (
            Region.objects.subtree(scope)
            .filter(level__in=[RegionLevel.PROVINCE, RegionLevel.PREFECTURE, RegionLevel.COUNTY])
            .order_by("path")
            if scope
            else Region.objects.none()
        )


class SupportForm(PlausibleDatesMixin, forms.ModelForm):
    class Meta:
        model = IncubationSupport
        fields = ["given_on", "kind", "hours", "amount", "description"]
        widgets = {"given_on": DATE_WIDGET}


class GraduateForm(forms.Form):
    confirmed = forms.MultipleChoiceField(
        label=_("项目官员确认"), choices=CONFIRMED, widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(
        label=_("评估意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EndForm(forms.Form):
    reason = forms.CharField(label=_("终止原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
