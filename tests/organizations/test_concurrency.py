"""Row locks keep the rules under concurrent requests (PostgreSQL only)."""

import pytest
from django.core.exceptions import ValidationError

from core.models import User
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


def _register(username, serial=4242):
    data = {
        "name": f"{username} 中心",
        "credit_code": credit_code(serial),
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


@pytest.mark.parametrize("usernames", [("alpha", "alpha"), ("alpha", "ALPHA")])
def test_two_registrations_with_one_username_make_one_account_and_refuse_the_other_clearly(usernames):
    results = run_together([_register(usernames[0], 5001), _register(usernames[1], 5002)])
    errors = [value for status, value in results if status == "error"]
    assert len(errors) == 1, results
    assert isinstance(errors[0], ValidationError)  # a form error (400), not an IntegrityError (500)
    assert errors[0].message_dict["username"] == [
        f"用户名“{usernames[1 if results[0][0] == 'ok' else 0]}”已被使用，请换一个。"
    ]
    assert User.objects.filter(username__iexact="alpha").count() == 1
    assert Organization.objects.filter(credit_code__in=[credit_code(5001), credit_code(5002)]).count() == 1


def test_two_registrations_with_one_credit_code_make_one_organization():
    outcomes = _outcomes(_register("alpha"), _register("beta"))
    assert outcomes == ["ok", "refused"]
    assert Organization.objects.filter(credit_code=credit_code(4242)).count() == 1
