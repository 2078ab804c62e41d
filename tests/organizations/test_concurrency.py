"""Row locks keep the rules under concurrent requests (PostgreSQL only)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.permissions import Denied, NotVisible
from organizations.models import Membership, Organization
from organizations.services import membership_remove, organization_register
from tests.factories import MembershipFactory, OrganizationFactory, credit_code, region

# serialized_rollback: the flush after a transactional test would otherwise remove the regions the migrations load.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _run_together(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        barrier.wait()
        try:
            call()
            outcomes.append("ok")
        except (ValidationError, NotVisible, Denied):
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_admins_removing_each_other_at_once_leave_one_admin():
    organization = OrganizationFactory()
    first = MembershipFactory(organization=organization, role="admin")
    second = MembershipFactory(organization=organization, role="admin")
    outcomes = _run_together(
        lambda: membership_remove(membership=second, actor=first.user),
        lambda: membership_remove(membership=first, actor=second.user),
    )
    assert outcomes == ["ok", "refused"]
    assert Membership.objects.filter(organization=organization, role="admin").count() == 1


def test_two_registrations_with_one_credit_code_make_one_organization():
    def register(username):
        data = {
            "name": f"{username} 中心",
            "credit_code": credit_code(4242),
            "org_type": "association",
            "registration_region": region("420102"),
            "registered_on": "2020-01-01",
            "legal_representative": "张三",
            "address": "地址",
            "contact_phone": "1",
            "contact_email": "a@example.com",
            "rating": "",
        }
        account = {"username": username, "name": username, "email": f"{username}@example.com", "password": "x-2026"}
        return lambda: organization_register(data=data, account=account)

    outcomes = _run_together(register("alpha"), register("beta"))
    assert outcomes == ["ok", "refused"]
    assert Organization.objects.filter(credit_code=credit_code(4242)).count() == 1
