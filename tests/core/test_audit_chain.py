"""The audit log's hash chain and, on PostgreSQL, the trigger that refuses UPDATE, DELETE and TRUNCATE."""

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core.audit import audit_log
from core.audit_chain import verify_chain
from core.models import AuditEvent
from core.models.audit import GENESIS_HASH, canonical_content
from tests.factories import UserFactory, region


def _write(n, **kwargs):
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(audit_log(actor=None, action=f"test.step{i}", details={"i": i, "名称": "武汉"}, **kwargs))
    return events


def _raw(sql, params=()):
    """Raw SQL behind the ORM's back. On PostgreSQL the trigger would refuse it, so this plays a superuser who
    switched triggers off for the session (what the hash chain is there to catch)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def _verify_command():
    out = StringIO()
    call_command("audit_verify", "--batch-size", "2", stdout=out)
    return out.getvalue()


def test_each_event_chains_onto_the_previous_one(db):
    target = region("420100")
    first, second, third = _write(3, target=target)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    report = verify_chain(batch_size=2)
    assert report.ok and report.checked == 3 and report.last_hash == third.hash
    output = _verify_command()
    assert "3 events" in output and third.hash in output


def test_the_hash_survives_the_database_round_trip(db):
    """Decimal, dates, Chinese text and an IPv6-mapped address read back as written, so the hash still verifies."""
    from decimal import Decimal

    from core.middleware import _client_ip

    token = _client_ip.set("::ffff:10.1.2.3")
    try:
        with transaction.atomic():
            audit_log(
                actor=UserFactory(),
                action="x",
                details={"amount": Decimal("12.30"), "on": timezone.localdate(), "nested": {"b": 1, "a": [1.5]}},
            )
    finally:
        _client_ip.reset(token)
    assert AuditEvent.objects.get().ip_address == "10.1.2.3"
    assert verify_chain().ok


def test_verify_finds_an_edited_event(db):
    _, middle, _ = _write(3)
    _raw("UPDATE core_auditevent SET target_repr = 'back-dated' WHERE id = %s", [middle.pk])
    report = verify_chain()
    assert report.broken_at == middle.pk and "修改" in report.problem
    with pytest.raises(CommandError, match=f"broken at event {middle.pk}"):
        _verify_command()


def test_verify_finds_a_deleted_event(db):
    _, middle, last = _write(3)
    _raw("DELETE FROM core_auditevent WHERE id = %s", [middle.pk])
    report = verify_chain()
    assert report.broken_at == last.pk and not report.ok


def _skip_one_id():
    """Leave a gap in the ids, as a rolled-back transaction does."""
    if connection.vendor == "postgresql":
        _raw(
            "SELECT setval(pg_get_serial_sequence('core_auditevent', 'id'), (SELECT max(id) + 1 FROM core_auditevent))"
        )
    else:
        _raw("UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'core_auditevent'")


def test_verify_finds_an_inserted_event_even_with_a_well_formed_hash(db):
    (first,) = _write(1)
    _skip_one_id()
    (after,) = _write(1)
    assert after.pk == first.pk + 2 and verify_chain().ok  # a gap alone is not tampering
    # The forger knows the algorithm and chains the row onto the event before it; the next event still points past it.
    created_at = timezone.now()
    forged_hash = hashlib.sha256(
        canonical_content(
            prev_hash=first.hash,
            created_at=created_at,
            actor_id=None,
            action="programs.application_approve",
            target_type="",
            target_id="",
            target_repr="",
            details={},
            ip=None,
        )
    ).hexdigest()
    details = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    _raw(
        "INSERT INTO core_auditevent (id, action, target_id, target_repr, created_at, details, prev_hash, hash) "
        f"VALUES (%s, 'programs.application_approve', '', '', %s, {details}, %s, %s)",
        [first.pk + 1, created_at, json.dumps({}), first.hash, forged_hash],
    )
    report = verify_chain()
    assert report.broken_at == after.pk and report.checked == 2


def test_a_head_hash_noted_earlier_catches_a_cut_off_tail(db):
    _, second = _write(2)
    assert verify_chain(expect_hash=second.hash).ok
    _raw("DELETE FROM core_auditevent WHERE id = %s", [second.pk])
    assert verify_chain().ok  # the last event is gone without a trace in the chain itself...
    report = verify_chain(expect_hash=second.hash)
    assert not report.ok and second.hash in report.problem  # ...but not from the head hash kept elsewhere


def test_events_cannot_be_bulk_created_past_the_chain(db):
    from core.models.audit import AppendOnlyError

    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(action="x")])


# ---- PostgreSQL: the trigger, and concurrent writers --------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    ["UPDATE core_auditevent SET action = 'changed'", "DELETE FROM core_auditevent", "TRUNCATE core_auditevent"],
)
def test_postgres_refuses_update_delete_and_truncate(db, statement):
    with connection.cursor() as cursor:
        # The test database switches the TRUNCATE trigger off for pytest-django's flush (tests/conftest.py); this
        # transaction switches it back on, as every other database has it.
        cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_no_truncate")
        _write(2)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE would first complain about deferred FK checks
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(statement)
    assert AuditEvent.objects.count() == 2
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("id")) == ["test.step0", "test.step1"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_do_not_fork_the_chain():
    from tests.concurrency import run_together

    def writer(name):
        def write():
            for i in range(5):
                with transaction.atomic():
                    audit_log(actor=None, action=f"{name}.{i}")

        return write

    results = run_together([writer(f"w{n}") for n in range(4)])
    assert [status for status, _ in results] == ["ok"] * 4, results
    prev_hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(prev_hashes) == 20 and len(set(prev_hashes)) == 20  # nobody chained onto the same event twice
    assert verify_chain().ok
