from django import forms
from django.core.exceptions import ValidationError

from core.forms import apply_service_errors


class _Form(forms.Form):
    amount = forms.DecimalField()
    note = forms.CharField(required=False)


def test_service_errors_land_on_their_fields_and_the_rest_on_top():
    form = _Form({"amount": "10", "note": ""})
    assert form.is_valid()
    apply_service_errors(
        form,
        ValidationError({"approved_amount": ["超过剩余预算。"], "region": ["不在发布地区内。"]}),
        fields_map={"approved_amount": "amount"},
    )
    assert form.errors["amount"] == ["超过剩余预算。"]
    assert form.non_field_errors() == ["不在发布地区内。"]


def test_a_plain_service_error_goes_on_top():
    form = _Form({"amount": "10"})
    form.is_valid()
    apply_service_errors(form, ValidationError(["已截止。", "组织未认证。"]))
    assert form.non_field_errors() == ["已截止。", "组织未认证。"]
