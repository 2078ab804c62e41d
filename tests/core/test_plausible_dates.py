import datetime

from django import forms

from core.dates import EARLIEST_REGISTRATION_DATE
from core.forms import PlausibleDatesMixin


class _Form(PlausibleDatesMixin, forms.Form):
    plausible_date_ranges = {"registered_on": (EARLIEST_REGISTRATION_DATE, datetime.date(2100, 12, 31))}

    opens_at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    paid_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    registered_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    split = forms.SplitDateTimeField(required=False)


def test_a_date_outside_the_plausible_range_is_refused_with_a_message():
    form = _Form({"opens_at": "0001-01-01T00:00", "paid_on": "9999-12-31", "registered_on": "1900-01-01"})
    assert not form.is_valid()
    assert "超出合理范围" in form.errors["opens_at"][0]
    assert "2000-01-01" in form.errors["paid_on"][0]
    assert "1949-10-01" in form.errors["registered_on"][0]


def test_plausible_dates_pass_and_split_fields_are_bounded_too():
    assert _Form({"opens_at": "2026-03-01T09:00", "paid_on": "2026-03-02", "registered_on": "1995-05-05"}).is_valid()
    form = _Form({"opens_at": "2026-03-01T09:00", "paid_on": "2026-03-02", "split_0": "1900-01-01", "split_1": "9:00"})
    assert not form.is_valid()
    assert "split" in form.errors


def test_the_inputs_carry_min_and_max():
    html = str(_Form())
    assert 'min="2000-01-01T00:00"' in html
    assert 'max="2100-12-31T23:59"' in html
    assert 'min="2000-01-01"' in html
    assert 'min="1949-10-01"' in html


def test_the_holiday_admin_refuses_year_one(admin_client):
    response = admin_client.post("/django-admin/core/calendarday/add/", {"date": "0001-01-01", "name": "x"})
    assert response.status_code == 200
    assert "超出合理范围" in response.content.decode()
