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
