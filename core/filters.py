"""The base of every FilterSet on the platform: a list page must answer a hostile query string with the filter's
error, never a 500.

Query strings reach the database through filters. PostgreSQL refuses a NUL byte in text and an integer past 64 bits,
and Django's year lookup cannot build a date for year -1 or 10^20; each of these answered 500. So every filter field
of a ``core.filters.FilterSet``:

- refuses a NUL byte and a value longer than ``MAX_VALUE_LENGTH`` before the field even parses it (a model choice
  field would otherwise send it to the database);
- bounds a number to a 32-bit integer's range, and a year (a filter whose lookup is ``year`` or whose name ends in
  ``year``) to ``YEAR_RANGE``;
- bounds a date to ``core.dates``' plausible range (from ``EARLIEST_REGISTRATION_DATE``, so an organization's
  registration date can still be searched), and tells the browser the same with ``min``/``max``.

An invalid field is left out of the query (django-filter's ``qs`` uses only cleaned values) and its error is on the
form; a view shows it with ``templates/includes/filter_form.html`` and may answer 400 (``filter_status``). An export
must refuse an invalid filter rather than export more than was asked (``FilterSet.is_valid``).
"""

from functools import partial

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext as _

from .choices import cached_options
from .dates import EARLIEST_REGISTRATION_DATE, LATEST_DATE, validate_plausible_date

MAX_VALUE_LENGTH = 200
INT_RANGE = (-(2**31), 2**31 - 1)
YEAR_RANGE = (2000, 2100)


def _validate_raw(value) -> None:
    for item in value if isinstance(value, (list, tuple)) else [value]:
        if not isinstance(item, str):
            continue
        if "\x00" in item:
            raise ValidationError(_("筛选条件含有不允许的字符。"), code="null_characters")
        if len(item) > MAX_VALUE_LENGTH:
            raise ValidationError(
                _("筛选条件过长：最多 %(limit)s 个字符。") % {"limit": MAX_VALUE_LENGTH}, code="too_long"
            )


def _guarded(clean):
    def guarded_clean(value):
        _validate_raw(value)
        return clean(value)

    return guarded_clean


def _validate_filter_date(value):
    validate_plausible_date(value, earliest=EARLIEST_REGISTRATION_DATE, latest=LATEST_DATE)


def _validate_whole(value):
    if value is not None and value != int(value):
        raise ValidationError(_("年度须为整数。"), code="not_whole")


def _bound_number(field: forms.Field, low: int, high: int) -> None:
    field.validators += [MinValueValidator(low), MaxValueValidator(high)]
    field.widget.attrs.setdefault("min", low)
    field.widget.attrs.setdefault("max", high)


def _is_year(name: str, filter_) -> bool:
    return getattr(filter_, "lookup_expr", "") == "year" or name.endswith("year")


def _options(field) -> list:
    options = cached_options(field)
    return options if options is not None else list(field.choices)


def harden_form(form: forms.Form, filters: dict) -> None:
    """Add the platform's limits to every field of a filter form (see the module's docstring)."""
    for name, field in form.fields.items():
        field.clean = _guarded(field.clean)
        if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
            if _is_year(name, filters.get(name)):
                _bound_number(field, *YEAR_RANGE)
                field.validators.append(_validate_whole)
            else:
                _bound_number(field, *INT_RANGE)
        elif isinstance(field, (forms.DateField, forms.DateTimeField)):
            field.validators.append(_validate_filter_date)
            field.widget.attrs.setdefault("min", EARLIEST_REGISTRATION_DATE.isoformat())
            field.widget.attrs.setdefault("max", LATEST_DATE.isoformat())
        elif isinstance(field, forms.CharField) and not isinstance(field, forms.ChoiceField):
            field.widget.attrs.setdefault("maxlength", MAX_VALUE_LENGTH)
        if type(field) is not forms.ModelMultipleChoiceField and isinstance(field, forms.ModelChoiceField):
            # the drop-down's options from the cache, not a query per page (core.choices); read when the form is
            # rendered, not when an export only filters
            field.widget.choices = CallableChoiceIterator(partial(_options, field))


class FilterSet(django_filters.FilterSet):
    """Extend this, never ``django_filters.FilterSet`` (a test checks every FilterSet of the project)."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            harden_form(super().form, self.filters)
        return self._form


def filter_status(filterset) -> int:
    """400 when the query string held a filter the form refused (the page still shows, with the error)."""
    return 400 if filterset.is_bound and filterset.errors else 200
