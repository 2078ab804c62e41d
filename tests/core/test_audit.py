import pytest
from django.db import transaction

from core.audit import audit_log
from core.models import AuditEvent
from core.models.audit import AppendOnlyError
from tests.factories import UserFactory, region


def test_audit_event_records_actor_action_target_and_details(db):
    actor = UserFactory()
    target = region("420100")
    with transaction.atomic():
        event = audit_log(actor=actor, action="region.renamed", target=target, details={"from": "武汉", "to": "武汉市"})
    event.refresh_from_db()
    assert (event.actor, event.action, event.target_repr) == (actor, "region.renamed", "武汉市")
    assert event.target_id == str(target.pk)
    assert event.details == {"from": "武汉", "to": "武汉市"}
    assert list(AuditEvent.objects.for_object(target)) == [event]


def test_audit_event_rolls_back_with_the_change_it_records(db):
    actor = UserFactory()
    target = region("420100")
    with pytest.raises(RuntimeError), transaction.atomic():
        target.name = "改名"
        target.save()
        audit_log(actor=actor, action="region.renamed", target=target)
        raise RuntimeError("the service failed after writing")
    target.refresh_from_db()
    assert target.name == "武汉市"
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_log_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_log(actor=None, action="x")


def test_audit_events_are_append_only(db):
    with transaction.atomic():
        event = audit_log(actor=None, action="x")
    event.action = "y"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(action="y")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_audit_event_records_the_client_address_of_the_request(db, rf):
    from core.middleware import RequestContextMiddleware

    def view(request):
        with transaction.atomic():
            audit_log(actor=None, action="request.seen")
        return None

    RequestContextMiddleware(view)(rf.get("/", REMOTE_ADDR="10.1.2.3"))
    assert AuditEvent.objects.get().ip_address == "10.1.2.3"


def test_field_changes_lists_only_what_changed_as_before_and_after(db):
    from decimal import Decimal

    from core.audit import field_changes, snapshot

    target = region("420100")
    before = snapshot(target, ["name", "parent", "code"])
    target.name = "武汉市（改）"
    after = snapshot(target, ["name", "parent", "code"])
    assert before["parent"] == target.parent_id  # a foreign key by its id
    assert field_changes(before, after) == {"name": ["武汉市", "武汉市（改）"]}
    assert field_changes({"amount": Decimal("1.50")}, {"amount": Decimal("1.50")}) == {}
    assert field_changes({}, {"amount": Decimal("2")}) == {"amount": [None, "2"]}
    with transaction.atomic():
        event = audit_log(actor=None, action="x", target=target, changes=field_changes(before, after))
    assert event.details == {"changes": {"name": ["武汉市", "武汉市（改）"]}}


def test_secrets_are_masked_in_snapshots(db):
    from core.audit import MASK, snapshot

    user = UserFactory()
    assert snapshot(user, ["password", "username"]) == {"password": MASK, "username": user.username}
