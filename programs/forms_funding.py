"""The form of a call's funding split: one amount per funding source."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FundingSource


class CallFundingForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in FundingSource.choices:
            self.fields[value] = forms.DecimalField(
                label=_("%(source)s（元）") % {"source": label},
                max_digits=14,
                decimal_places=2,
                min_value=0,
                required=False,
            )

    def shares(self) -> dict:
        return {
            source: self.cleaned_data.get(source) for source in FundingSource.values if self.cleaned_data.get(source)
        }
