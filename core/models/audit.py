"""An append-only record of every change a service makes (who, what, to which object, when, from where).

Append-only three times over: the ORM refuses updates and deletes (below); on PostgreSQL a trigger refuses UPDATE,
DELETE and TRUNCATE whoever sends them (migration 0010); and every event carries a SHA-256 hash over its content and
the previous event's hash, so an edit, a deletion or an insertion that got past both is found by
``manage.py audit_verify`` (core/audit_chain.py).
"""

import datetime
import hashlib
import ipaddress
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The hash the first event of the chain points back to.
GENESIS_HASH = "0" * 64
# Key of the transaction-level advisory lock that serialises audit writers on PostgreSQL (any fixed 64-bit number;
# this one is "audit" in ASCII). Held until commit, so two writers can never both chain onto the same event.
CHAIN_LOCK_KEY = 0x6175646974


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events are append-only")

    def delete(self):
        raise AppendOnlyError("audit events are append-only")

    def bulk_create(self, *args, **kwargs):
        # bulk_create would skip save(), i.e. the chain.
        raise AppendOnlyError("audit events are written one at a time, through audit_log()")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError("audit events are append-only")

    def for_object(self, obj):
        return self.filter(target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk))


def canonical_content(
    *, prev_hash, created_at, actor_id, action, target_type, target_id, target_repr, details, ip, region_id=None
):
    """The bytes an event's hash covers: every column but the id and the hash itself, as sorted, compact JSON.

    ``target_type`` is "app_label.model" (content type ids differ between databases; the names do not).
    """
    content = {
        "prev": prev_hash,
        "at": created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor": actor_id,
        "action": action,
        "type": target_type,
        "id": target_id,
        "repr": target_repr,
        "details": details,
        "ip": ip,
        "region": region_id,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _content_type_label(content_type_id) -> str:
    if content_type_id is None:
        return ""
    content_type = ContentType.objects.get_for_id(content_type_id)  # cached after the first lookup
    return f"{content_type.app_label}.{content_type.model}"


def _canonical_ip(value: str | None) -> str | None:
    """The address as PostgreSQL's inet type prints it back (an IPv4-mapped IPv6 address as plain IPv4)."""
    if not value:
        return None
    address = ipaddress.ip_address(value)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def event_hash(event, prev_hash: str) -> str:
    """SHA-256 of ``event``'s content chained onto ``prev_hash`` (works on a model instance or a historical one)."""
    content = canonical_content(
        prev_hash=prev_hash,
        created_at=event.created_at,
        actor_id=event.actor_id,
        action=event.action,
        target_type=_content_type_label(event.target_type_id),
        target_id=event.target_id,
        target_repr=event.target_repr,
        details=event.details,
        ip=event.ip_address,
        region_id=event.region_id,
    )
    return hashlib.sha256(content).hexdigest()


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), null=True, blank=True, on_delete=models.PROTECT
    )
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=200, blank=True)
    # Set in save() before the hash is computed (auto_now_add would set it afterwards).
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    # The region whose officers may read this event (the target's issuing or registration region); None: platform
    # administrators only (sign-ins, admin changes to users and vocabularies).
    region = models.ForeignKey(
        "core.Region", verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prev_hash = models.CharField(_("前一条的哈希"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit events are append-only")
        self.created_at = timezone.now()
        # The details as the database will give them back (JSON round trip), so the hash verifies later.
        self.details = json.loads(json.dumps(self.details or {}))
        self.ip_address = _canonical_ip(self.ip_address)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        # SQLite: one writer at a time for the whole database, so no two events can read the same last hash.
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        self.prev_hash = last or GENESIS_HASH
        self.hash = event_hash(self, self.prev_hash)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events are append-only")
