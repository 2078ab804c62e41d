"""Form fields that normalise what people type."""

from django import forms

from .validators import normalise_credit_code, normalise_id_number


class CreditCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise_credit_code(value) if value else value


class IdNumberField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise_id_number(value) if value else value
