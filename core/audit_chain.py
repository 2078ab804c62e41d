"""Checking the audit log's hash chain (``manage.py audit_verify``): constant memory, one batch of rows at a time."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models.audit import GENESIS_HASH, AuditEvent, event_hash

FIELDS = (
    "id",
    "created_at",
    "actor_id",
    "action",
    "target_type_id",
    "target_id",
    "target_repr",
    "details",
    "ip_address",
    "region_id",
    "prev_hash",
    "hash",
)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    last_id: int | None
    last_hash: str
    broken_at: int | None = None  # id of the first event whose link does not hold
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(*, batch_size: int = 2000, expect_hash: str | None = None) -> ChainReport:
    """Walk every event in id order and recompute its hash; stop at the first broken link.

    An edited event no longer matches its own hash; a deleted or inserted one breaks the next event's link to its
    predecessor. Gaps in the ids are normal (a rolled-back transaction still uses up its id) and are not reported.
    ``expect_hash``, a head hash noted down (off the server) at an earlier check, must still be in the chain: that
    catches a tail that was cut off or rewritten as a whole.
    """
    expected_prev, checked, last_id = GENESIS_HASH, 0, None
    rows = AuditEvent.objects.order_by("id").only(*FIELDS).iterator(chunk_size=batch_size)
    for event in rows:
        if event.prev_hash != expected_prev:
            problem = _("第 %(id)s 条记录指向的前一条哈希不符：其前面的记录被删除、插入或修改过。") % {"id": event.pk}
            return ChainReport(checked, last_id, expected_prev, broken_at=event.pk, problem=problem)
        if event_hash(event, event.prev_hash) != event.hash:
            problem = _("第 %(id)s 条记录的内容与其哈希不符：该记录被修改过。") % {"id": event.pk}
            return ChainReport(checked, last_id, expected_prev, broken_at=event.pk, problem=problem)
        expected_prev, checked, last_id = event.hash, checked + 1, event.pk
        if event.hash == expect_hash:
            expect_hash = None
    if expect_hash:
        problem = _("先前记录的哈希 %(hash)s 已不在链中：末尾的记录被删除或整体改写过。") % {"hash": expect_hash}
        return ChainReport(checked, last_id, expected_prev, broken_at=last_id, problem=problem)
    return ChainReport(checked, last_id, expected_prev)
