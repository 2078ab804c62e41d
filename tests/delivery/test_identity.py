import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from delivery.identity import id_number_facts, id_number_hash, mask_id_number
from delivery.models import Beneficiary, Enrolment
from delivery.services import beneficiary_enrol
from tests.factories.delivery import id_number

from .conftest import child_fields

NUMBER = id_number(123, born=datetime.date(2013, 7, 9))


def test_hash_is_keyed_hex_of_the_normalised_number(settings):
    digest = id_number_hash(NUMBER)
    assert len(digest) == 64
    assert NUMBER not in digest
    # Lower case, spaces and full-width digits normalise to the same number, hence the same hash.
    assert id_number_hash(f"  {NUMBER.lower()} ") == digest
    settings.BENEFICIARY_ID_HASH_KEY = "another-key"
    assert id_number_hash(NUMBER) != digest


def test_hash_refuses_an_empty_key(settings):
    settings.BENEFICIARY_ID_HASH_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        id_number_hash(NUMBER)


def test_hash_refuses_an_invalid_number_without_repeating_it():
    wrong = NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")
    with pytest.raises(ValidationError) as caught:
        id_number_hash(wrong)
    assert wrong not in " ".join(caught.value.messages)


def test_mask_keeps_first_three_and_last_four():
    masked = mask_id_number(NUMBER)
    assert masked == NUMBER[:3] + "*" * 11 + NUMBER[-4:]


def test_facts_come_from_the_number():
    facts = id_number_facts(NUMBER)
    assert facts["birth_year"] == 2013 and facts["birth_month"] == 7
    assert facts["gender"] == ("male" if int(NUMBER[16]) % 2 else "female")


def test_same_id_from_two_organizations_is_one_child(grant, other_grant, org_admin, other_admin):
    first = beneficiary_enrol(grant=grant, actor=org_admin, id_number=NUMBER, name="张小花", **child_fields())
    second = beneficiary_enrol(
        grant=other_grant, actor=other_admin, id_number=NUMBER.lower(), name="张花", **child_fields()
    )
    assert first.beneficiary_id == second.beneficiary_id
    assert Beneficiary.objects.count() == 1
    assert Enrolment.objects.count() == 2


def test_child_without_id_is_matched_only_within_its_organization(grant, other_grant, org_admin, other_admin):
    facts = {"gender": "male", "birth_year": 2016, "birth_month": 3}
    first = beneficiary_enrol(
        grant=grant, actor=org_admin, no_id_reason="未落户", name="李 小 龙", **facts, **child_fields()
    )
    elsewhere = beneficiary_enrol(
        grant=other_grant, actor=other_admin, no_id_reason="未落户", name="李小龙", **facts, **child_fields()
    )
    assert elsewhere.beneficiary_id != first.beneficiary_id
    assert first.beneficiary.owner_organization == grant.organization
    assert first.beneficiary.id_hash is None


def test_child_without_id_and_without_name_always_gets_a_new_file(grant, org_admin, wuhan_officer):
    from tests.factories import make_grant
    from tests.factories.grants import approved_application

    second_grant = make_grant(
        officer=wuhan_officer,
        application=approved_application(organization=grant.organization),
        start_date=grant.start_date,
    )
    facts = {"gender": "male", "birth_year": 2016, "birth_month": 3}
    a = beneficiary_enrol(grant=grant, actor=org_admin, no_id_reason="未落户", **facts, **child_fields())
    b = beneficiary_enrol(grant=second_grant, actor=org_admin, no_id_reason="未落户", **facts, **child_fields())
    assert a.beneficiary_id != b.beneficiary_id
    named = beneficiary_enrol(
        grant=grant, actor=org_admin, no_id_reason="未落户", name="王五", **facts, **child_fields()
    )
    again = beneficiary_enrol(
        grant=second_grant, actor=org_admin, no_id_reason="未落户", name="王 五", **facts, **child_fields()
    )
    assert named.beneficiary_id == again.beneficiary_id
