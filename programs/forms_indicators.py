"""Forms for a call's outcome indicators (成效指标) and an application's targets against them. Kept apart from
``programs/forms.py`` so the two tables can change without touching the call and application forms."""

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from .models import IndicatorDirection, IndicatorKind, MeasuredPer


class OutcomeIndicatorForm(forms.Form):
    name = forms.CharField(label=_("指标名称"), max_length=100)
    kind = forms.ChoiceField(label=_("指标类别"), choices=IndicatorKind.choices, initial=IndicatorKind.OUTCOME)
    measured_per = forms.ChoiceField(label=_("测量方式"), choices=MeasuredPer.choices)
    unit = forms.CharField(label=_("单位"), max_length=20, required=False)
    direction = forms.ChoiceField(label=_("方向"), choices=IndicatorDirection.choices)
    target = forms.DecimalField(
        label=_("目标值"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("按儿童测量：改善儿童的比例（%）；按项目：以单位计的数值。"),
    )
    description = forms.CharField(label=_("说明"), required=False, widget=forms.TextInput)


OutcomeIndicatorFormSet = formset_factory(OutcomeIndicatorForm, extra=2, can_delete=True)


class OutcomeTargetsForm(forms.Form):
    """One target (and an optional note) per indicator of the call."""

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"target_{indicator.pk}"] = forms.DecimalField(
                label=_("%(name)s（%(unit)s）") % {"name": indicator.name, "unit": indicator.target_unit or "—"},
                max_digits=12,
                decimal_places=2,
                min_value=Decimal("0"),
                required=False,
                help_text=indicator.description,
            )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(label=_("说明"), max_length=200, required=False)

    def rows(self) -> list[dict]:
        return [
            {
                "indicator": indicator,
                "target_value": self.cleaned_data[f"target_{indicator.pk}"],
                "note": self.cleaned_data[f"note_{indicator.pk}"],
            }
            for indicator in self.indicators
        ]
