"""When the broker is down, a committed action still answers normally and its e-mails are sent later, once."""

import datetime
import re

import pytest
from celery.app.task import Task
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from core.models import Notification
from organizations.models import Invitation
from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory

# Committing transactions: ``on_commit`` runs inside the request, as in production (serialized_rollback keeps the
# regions the migrations loaded for the tests that follow).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def broker_down(monkeypatch):
    """Every ``.delay()``/``.apply_async()`` fails as it does when Redis is unreachable."""

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", refuse)


def _age_outbox():
    """The periodic sender leaves e-mails younger than a minute to their own task."""
    from core.models import OutgoingEmail

    OutgoingEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))


def _send_pending():
    from core.tasks import send_pending_emails

    return send_pending_emails()


def test_an_officer_action_answers_normally_and_its_email_is_sent_later_once(client, broker_down):
    organization = OrganizationFactory(region_code="420102", verification_status="pending")
    admin = MembershipFactory(organization=organization, role="admin", user=UserFactory(email="a@example.com")).user
    client.force_login(OfficerFactory(region_code="420100"))

    response = client.post(f"/organizations/{organization.pk}/verify/", {"note": "资料齐全"})

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.verification_status == "verified"
    assert mail.outbox == []
    notification = admin.notifications.get()
    assert notification.emailed_at is None

    assert _send_pending() == 0  # too young: its own task may still be on the way
    _age_outbox()
    assert _send_pending() == 1
    assert _send_pending() == 0
    assert [m.to for m in mail.outbox] == [["a@example.com"]]
    assert mail.outbox[0].subject.startswith("[关爱] ")
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_an_invitation_is_not_lost_when_the_broker_is_down(client, broker_down):
    organization = OrganizationFactory(region_code="420102")
    admin = MembershipFactory(organization=organization, role="admin").user
    client.force_login(admin)

    response = client.post(
        f"/organizations/{organization.pk}/members/invite/", {"email": "colleague@example.com", "role": "staff"}
    )

    assert response.status_code == 302
    assert Invitation.objects.count() == 1
    _age_outbox()
    assert _send_pending() == 1
    assert _send_pending() == 0
    (message,) = mail.outbox
    assert message.to == ["colleague@example.com"]
    token = re.search(r"/organizations/invitations/([\w-]+)/", message.body).group(1)
    # delivered, the token no longer sits in the outbox
    from core.models import OutgoingEmail

    assert token not in str(list(OutgoingEmail.objects.values()))


def test_with_the_broker_up_the_email_goes_at_once_and_the_periodic_sender_skips_it(client):
    organization = OrganizationFactory(region_code="420102", verification_status="pending")
    MembershipFactory(organization=organization, role="admin", user=UserFactory(email="a@example.com"))
    client.force_login(OfficerFactory(region_code="420100"))

    assert client.post(f"/organizations/{organization.pk}/verify/", {"note": ""}).status_code == 302

    assert len(mail.outbox) == 1
    _age_outbox()
    assert _send_pending() == 0
    assert len(mail.outbox) == 1


def test_a_refused_send_is_recorded_and_retried(monkeypatch):
    from core.outbox import email_queue, outgoing_emails_send_pending

    def smtp_down(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("core.outbox.send_mail", smtp_down)
    email = email_queue(to="x@example.com", subject="s", body="b")  # its task runs (eagerly) and fails
    _age_outbox()
    assert outgoing_emails_send_pending() == 0
    email.refresh_from_db()
    assert (email.attempts, email.sent_at) == (2, None)
    assert "smtp down" in email.last_error
    monkeypatch.undo()
    assert outgoing_emails_send_pending() == 1
    assert len(mail.outbox) == 1


def test_notifications_of_users_without_an_address_queue_no_email(db):
    from django.db import transaction

    from core.notifications import notify

    with transaction.atomic():
        notify(recipients=[UserFactory(email="")], subject="x")
    from core.models import OutgoingEmail

    assert Notification.objects.count() == 1
    assert not OutgoingEmail.objects.exists()
