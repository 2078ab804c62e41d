"""Small helpers shared by the views."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator


def apply_errors(form, error: ValidationError, *, fields_map: dict | None = None) -> None:
    """Put a service's ValidationError on the form: on the named field when the form has it, else on the form."""
    fields_map = fields_map or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = fields_map.get(field, field)
            if target in form.fields:
                for message in errors:
                    form.add_error(target, message)
            else:
                for message in errors:
                    form.add_error(None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def paginate(request, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
