"""The one way services record what they did, and how they describe a change: ``{field: [before, after]}``."""

import json
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from .middleware import current_client_ip
from .models import AuditEvent

# Values never written into an audit event, whatever the field is called in a form or a model.
SECRET_MARKERS = ("password", "token", "secret", "key", "otp")
MASK = "***"


def _jsonable(details: dict) -> dict:
    return json.loads(json.dumps(details, cls=DjangoJSONEncoder, ensure_ascii=False))


def plain(value):
    """A value as an audit event keeps it: a row by its id, a file by its name, several rows as a sorted id list."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        items = [plain(item) for item in value]
        return sorted(items, key=str) if isinstance(value, models.QuerySet | set | frozenset) else items
    if isinstance(value, models.Choices):
        return value.value
    return value


def is_secret(name: str) -> bool:
    return any(marker in name.lower() for marker in SECRET_MARKERS)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    """The current values of ``fields`` on ``obj`` (foreign keys as ids, many-to-many as sorted id lists).

    Take one before changing ``obj`` and one after, and give both to :func:`field_changes`.
    """
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            value = sorted(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
        elif field.many_to_one or field.one_to_one:
            value = getattr(obj, field.attname)
        else:
            value = getattr(obj, name)
        values[name] = MASK if is_secret(name) else plain(value)
    return values


def field_changes(before: dict, after: dict) -> dict:
    """``{field: [before, after]}`` for every field whose value differs (as JSON would write them: 1.50 == 1.5 is
    not a change, "1.50" vs "1.5" is); a field missing on one side counts as None there."""
    before, after = _jsonable(before), _jsonable(after)
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after), key=str)
        if before.get(name) != after.get(name)
    }


# Where an event's region comes from, by field name, so core needs no import of the apps above it: a target's own
# region field first, else the region of the row it belongs to (a milestone's grant, an application's call, ...).
REGION_FIELDS = ("issuing_region", "registration_region", "region")
PARENT_FIELDS = ("grant", "call", "application", "organization", "milestone", "evaluation", "incubation")


def region_of(obj, depth: int = 3):
    """The region whose officers may read audit events about ``obj``, or None (platform administrators only)."""
    from .models import Region

    if obj is None or depth < 0:
        return None
    if isinstance(obj, Region):
        return obj
    fields = {field.name: field for field in obj._meta.concrete_fields}
    for name in REGION_FIELDS:
        field = fields.get(name)
        if field is not None and field.related_model is Region:
            return getattr(obj, name)
    for name in PARENT_FIELDS:
        if name in fields and fields[name].is_relation:
            return region_of(getattr(obj, name), depth - 1)
    return None


def audit_log(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    details: dict | None = None,
    changes: dict | None = None,
) -> AuditEvent:
    """Write an audit event in the caller's transaction: if the change it records rolls back, so does the event.

    ``changes`` (from :func:`field_changes`) goes into ``details["changes"]``, so every service records the
    before and after of a state change or an edit the same way. Must be called inside ``transaction.atomic()``;
    calling it outside one is a programming error.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_log() must run inside the transaction of the change it records")
    details = dict(details or {})
    if changes is not None:
        details["changes"] = changes
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        details=_jsonable(details),
        ip_address=current_client_ip(),
        region=region_of(target),
    )
