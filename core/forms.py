"""Form helpers shared by every app's views."""

from django.core.exceptions import ValidationError


def apply_service_errors(form, error: ValidationError, *, fields_map: dict | None = None) -> None:
    """Show a service's refusal on the form: each message on the field it names when the form has that field
    (``fields_map`` renames service fields to form fields), every other message at the top of the form."""
    fields_map = fields_map or {}
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = fields_map.get(field, field)
            for message in messages:
                form.add_error(target if target in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def run_service(form, service) -> bool:
    """Validate ``form`` and, when it is valid, call ``service(form.cleaned_data)``; a refusal (ValidationError) from
    the service lands on the form. True when the service ran; on False the errors are on ``form`` for the view to
    show, and nothing was written (services are atomic)."""
    if not form.is_valid():
        return False
    try:
        service(form.cleaned_data)
    except ValidationError as error:
        apply_service_errors(form, error)
        return False
    return True


def errors_as_messages(request, form) -> None:
    """Each error of a small action form (one that lives on another page, where the user goes back to) as a message."""
    from django.contrib import messages

    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def bound_dates(form, *, earliest=None, latest=None, per_field: dict | None = None) -> None:
    """Give every date and datetime field of ``form`` the plausible range of ``core.dates`` (or ``earliest`` /
    ``latest``; ``per_field`` maps a field name to its own ``(earliest, latest)``): a validator with a Chinese
    message, and ``min``/``max`` on the HTML input so the browser's picker stays inside it too."""
    from django import forms

    from .dates import EARLIEST_DATE, LATEST_DATE, validate_plausible_date

    per_field = per_field or {}
    for name, field in form.fields.items():
        if not isinstance(field, (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)):
            continue
        low, high = per_field.get(name, (earliest or EARLIEST_DATE, latest or LATEST_DATE))
        field.validators.append(
            lambda value, low=low, high=high: validate_plausible_date(value, earliest=low, latest=high)
        )
        is_datetime = not isinstance(field, forms.DateField)
        widgets = getattr(field.widget, "widgets", [field.widget])
        for widget in widgets:
            if isinstance(widget, forms.TimeInput):
                continue
            local = is_datetime and getattr(widget, "input_type", "") == "datetime-local"
            widget.attrs.setdefault("min", f"{low.isoformat()}T00:00" if local else low.isoformat())
            widget.attrs.setdefault("max", f"{high.isoformat()}T23:59" if local else high.isoformat())


class PlausibleDatesMixin:
    """Mix into any form (before ``forms.Form``/``ModelForm``): every date and datetime field accepts only dates
    between ``core.dates.EARLIEST_DATE`` and ``LATEST_DATE`` and its input carries ``min``/``max``. A field with
    its own range goes in ``plausible_date_ranges`` (e.g. ``{"registered_on": (EARLIEST_REGISTRATION_DATE,
    datetime.date.max)}``); rules relative to a call or grant stay in the service."""

    plausible_date_ranges: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_dates(self, per_field=self.plausible_date_ranges)
