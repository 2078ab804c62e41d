"""Co-funding: a call paid from several sources; grants and payments carry the split to the cent."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEvent
from core.money import split_amount
from grants.funding import funds_by_source
from grants.models import Grant, GrantFunding, PaymentFunding
from grants.services import milestone_release
from programs.models import CallFunding
from programs.services.funding import call_funding_save
from tests.factories import OfficerFactory
from tests.factories.grants import approved_application, grant_call, make_grant, mark_milestones_approved

pytestmark = pytest.mark.django_db

D = Decimal


def test_a_split_adds_up_to_the_cent_and_leftover_cents_go_to_the_largest_remainders():
    assert split_amount(D("100.00"), {"a": 1, "b": 1, "c": 1}) == {"a": D("33.34"), "b": D("33.33"), "c": D("33.33")}
    parts = split_amount(D("100000.01"), {"welfare_lottery": D("600000"), "fiscal": D("400000")})
    assert parts == {"welfare_lottery": D("60000.01"), "fiscal": D("40000.00")}
    assert sum(split_amount(D("0.05"), {"a": 3, "b": 7}).values()) == D("0.05")
    with pytest.raises(ValueError):
        split_amount(D("1"), {})


@pytest.fixture
def cofunded_call(wuhan_officer):
    call = grant_call()
    call_funding_save(
        call=call, actor=wuhan_officer, shares={"welfare_lottery": D("600000.00"), "fiscal": D("400000.00")}
    )
    return call


def test_the_shares_must_add_up_to_the_budget_and_say_by_how_much(wuhan_officer):
    call = grant_call()
    with pytest.raises(ValidationError) as error:
        call_funding_save(
            call=call, actor=wuhan_officer, shares={"welfare_lottery": D("600000"), "fiscal": D("300000")}
        )
    assert "相差 100,000.00 元" in str(error.value)
    with pytest.raises(ValidationError):
        call_funding_save(call=call, actor=wuhan_officer, shares={"fiscal": D("-1"), "welfare_lottery": D("1000001")})
    assert not CallFunding.objects.exists()


def test_saving_the_split_is_audited_with_before_and_after(cofunded_call, wuhan_officer):
    event = AuditEvent.objects.get(action="call.funding")
    assert event.details["before"]["shares"] == {}
    assert event.details["after"]["shares"] == {"fiscal": "400000.00", "welfare_lottery": "600000.00"}
    cofunded_call.refresh_from_db()
    assert cofunded_call.funding_source == "welfare_lottery"


def test_grants_and_payments_carry_the_split_and_every_source_ends_exact(cofunded_call, wuhan_officer):
    application = approved_application(call=cofunded_call, approved_amount=D("100000.01"))
    grant = make_grant(officer=wuhan_officer, application=application, amount=D("100000.01"))
    shares = dict(grant.funding_shares.values_list("source", "amount"))
    assert shares == {"welfare_lottery": D("60000.01"), "fiscal": D("40000.00")}
    mark_milestones_approved(grant)
    releaser = OfficerFactory(region_code="420100")
    for number, milestone in enumerate(grant.milestones.order_by("order"), start=1):
        payment = milestone_release(
            milestone=milestone, actor=releaser, paid_on=timezone.localdate(), voucher_number=f"PZ-{number}"
        )
        split = dict(payment.funding_shares.values_list("source", "amount"))
        assert sum(split.values()) == payment.amount
    paid = {
        source: sum(PaymentFunding.objects.filter(source=source).values_list("amount", flat=True)) for source in shares
    }
    assert paid == shares
    rows = {row["source"]: (row["committed"], row["paid"]) for row in funds_by_source(Grant.objects.all())}
    assert rows == {"welfare_lottery": (D("60000.01"), D("60000.01")), "fiscal": (D("40000.00"), D("40000.00"))}


def test_a_call_without_a_split_is_all_its_own_source(wuhan_officer):
    grant = make_grant(officer=wuhan_officer)
    assert list(grant.funding_shares.values_list("source", "amount")) == [("welfare_lottery", grant.amount)]


def test_the_split_is_frozen_once_a_grant_is_signed(cofunded_call, wuhan_officer):
    make_grant(officer=wuhan_officer, application=approved_application(call=cofunded_call))
    with pytest.raises(ValidationError) as error:
        call_funding_save(call=cofunded_call, actor=wuhan_officer, shares={"fiscal": D("1000000.00")})
    assert "不能再修改" in str(error.value)
    assert GrantFunding.objects.count() == 2


def test_the_funding_page_is_the_officers_of_the_region_only(client, cofunded_call, wuhan_officer, enshi_officer):
    url = f"/programs/work/calls/{cofunded_call.pk}/funding/"
    client.force_login(enshi_officer)
    assert client.get(url).status_code == 404
    assert client.post(url, {"fiscal": "1000000.00"}).status_code == 404
    client.force_login(wuhan_officer)
    page = client.get(url).content.decode()
    assert 'value="600000.00"' in page
    response = client.post(url, {"fiscal": "500000", "welfare_lottery": "400000", "charity": ""})
    assert response.status_code == 400 and "必须等于资金总额" in response.content.decode()
    response = client.post(url, {"fiscal": "500000", "welfare_lottery": "500000", "charity": "", "central": ""})
    assert response.status_code == 302
    assert dict(CallFunding.objects.values_list("source", "amount")) == {
        "fiscal": D("500000"),
        "welfare_lottery": D("500000"),
    }


def test_changing_the_budget_against_the_split_is_refused(cofunded_call):
    from programs.services.calls import call_rule_errors

    cofunded_call.total_budget = D("900000.00")
    assert "资金来源构成合计" in " ".join(call_rule_errors(cofunded_call).get("total_budget", []))
