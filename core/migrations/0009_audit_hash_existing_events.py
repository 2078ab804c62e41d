"""Chain the events written before the hash chain existed, oldest first, so ``audit_verify`` covers them too.

Runs before the PostgreSQL trigger (0010) forbids updates. The history before this migration is only as trustworthy
as the database was; from here on, any change is detected.
"""

import hashlib

from django.db import migrations

from core.models.audit import GENESIS_HASH, canonical_content

BATCH = 500


def chain_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = {pk: f"{app}.{model}" for pk, app, model in ContentType.objects.values_list("pk", "app_label", "model")}
    prev_hash = GENESIS_HASH
    batch = []
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=BATCH):
        content = canonical_content(
            prev_hash=prev_hash,
            created_at=event.created_at,
            actor_id=event.actor_id,
            action=event.action,
            target_type=labels.get(event.target_type_id, "") if event.target_type_id else "",
            target_id=event.target_id,
            target_repr=event.target_repr,
            details=event.details,
            ip=event.ip_address,
            region_id=event.region_id,
        )
        event.prev_hash, event.hash = prev_hash, hashlib.sha256(content).hexdigest()
        prev_hash = event.hash
        batch.append(event)
        if len(batch) >= BATCH:
            AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0008_audit_hash_chain"),
    ]

    operations = [migrations.RunPython(chain_existing_events, migrations.RunPython.noop)]
