import datetime

import pytest
from django.db import IntegrityError, transaction

from delivery.models import Beneficiary
from tests.factories import make_grant
from tests.factories.delivery import BeneficiaryFactory, EnrolmentFactory, ServiceLogFactory, id_number


def test_id_number_builder_makes_valid_numbers():
    from core.validators import normalise_id_number

    for serial in range(20):
        assert normalise_id_number(id_number(serial, born=datetime.date(2015, 2, 28)))


def test_database_refuses_a_child_with_neither_id_nor_owner(db):
    child = BeneficiaryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Beneficiary.objects.filter(pk=child.pk).update(id_hash=None)


def test_database_refuses_a_log_with_both_staff_and_volunteer_missing(wuhan_officer):
    grant = make_grant(officer=wuhan_officer)
    EnrolmentFactory(grant=grant)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceLogFactory(grant=grant, volunteer_name="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceLogFactory(grant=grant, minutes=721)
