"""Row locks keep the rules under concurrent requests (PostgreSQL only)."""

import pytest
from django.core.exceptions import ValidationError

from core.permissions import Denied, NotVisible
from organizations.models import Membership, Organization
from organizations.services import membership_remove, organization_register
from tests.concurrency import run_together
from tests.factories import MembershipFactory, OrganizationFactory, credit_code, region

# serialized_rollback: the flush after a transactional test would otherwise remove the regions the migrations load.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _outcomes(*calls):
    """ "ok" or "refused" for each call run at the same moment, sorted."""
    refusals = (ValidationError, NotVisible, Denied)
    outcomes = []
    for status, value in run_together(list(calls)):
        if status == "error" and not isinstance(value, refusals):
            raise value
        outcomes.append("ok" if status == "ok" else "refused")
    return sorted(outcomes)


def test_two_admins_removing_each_other_at_once_leave_one_admin():
    organization = OrganizationFactory()
    first = MembershipFactory(organization=organization, role="admin")
    second = MembershipFactory(organization=organization, role="admin")
    outcomes = _outcomes(
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

    outcomes = _outcomes(register("alpha"), register("beta"))
    assert outcomes == ["ok", "refused"]
    assert Organization.objects.filter(credit_code=credit_code(4242)).count() == 1
