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


def _project_forms():
    """Every form class declared in the project's apps (their modules imported, demos and migrations aside)."""
    import importlib
    import inspect
    import pkgutil
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    found = {}
    for config in apps.get_app_configs():
        if not Path(config.path).is_relative_to(settings.BASE_DIR) or ".venv" in config.path:
            continue
        for module in pkgutil.walk_packages([config.path], f"{config.name}."):
            if any(part in module.name.split(".") for part in ("migrations", "management", "demo", "tests")):
                continue
            loaded = importlib.import_module(module.name)
            for name, cls in inspect.getmembers(loaded, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == loaded.__name__:
                    found[f"{cls.__module__}.{name}"] = cls
    return found


def _refuses(field, day) -> bool:
    from django.core.exceptions import ValidationError

    for validator in field.validators:
        try:
            validator(day)
        except ValidationError:
            return True
    return False


def test_every_date_a_form_takes_is_bounded():
    """The same shape everywhere (issue 9, item 5): a date or datetime field of any form of the project refuses year 1
    and year 9999, by ``PlausibleDatesMixin`` or a validator of its own."""
    date_fields = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)
    checked, unbounded = 0, []
    for path, cls in _project_forms().items():
        for name, field in getattr(cls, "base_fields", {}).items():
            if not isinstance(field, date_fields):
                continue
            checked += 1
            if issubclass(cls, PlausibleDatesMixin):
                continue
            low, high = datetime.date(1, 1, 1), datetime.date(9999, 12, 31)
            if isinstance(field, forms.DateTimeField):
                low, high = (datetime.datetime.combine(day, datetime.time(12)) for day in (low, high))
            model = getattr(getattr(cls, "_meta", None), "model", None)
            if model is not None:  # a ModelForm also runs the model field's validators
                field = forms.Field(validators=[*field.validators, *model._meta.get_field(name).validators])
            if not (_refuses(field, low) and _refuses(field, high)):
                unbounded.append(f"{path}.{name}")
    assert checked > 10, "the discovery found too few date fields"
    assert unbounded == [], "\n".join(unbounded)
