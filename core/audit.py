"""The one way services record what they did."""

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from .middleware import current_client_ip
from .models import AuditEvent


def _jsonable(details: dict) -> dict:
    import json

    return json.loads(json.dumps(details, cls=DjangoJSONEncoder, ensure_ascii=False))


def audit_log(*, actor, action: str, target: models.Model | None = None, details: dict | None = None) -> AuditEvent:
    """Write an audit event in the caller's transaction: if the change it records rolls back, so does the event.

    Must be called inside ``transaction.atomic()``; calling it outside one is a programming error.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_log() must run inside the transaction of the change it records")
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        details=_jsonable(details or {}),
        ip_address=current_client_ip(),
    )
