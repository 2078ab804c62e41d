"""No clear-text ID number reaches the database: after enrolling children through the service (and the form, in
test_views), scan every text column of every table for the number's digits."""

import datetime

from django.apps import apps
from django.db import connection

from delivery.services import beneficiary_enrol
from tests.factories.delivery import id_number

from .conftest import child_fields


def text_values():
    """Every value of every character/text/JSON column of every table, as strings."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            description = connection.introspection.get_table_description(cursor, table)
            for column in description:
                cursor.execute(f'SELECT "{column.name}" FROM "{table}"')
                for (value,) in cursor.fetchall():
                    if isinstance(value, str | bytes | memoryview):
                        yield (
                            table,
                            column.name,
                            bytes(value).decode("latin-1") if not isinstance(value, str) else value,
                        )


def assert_not_stored(number: str):
    # The 11 digits after the region code (birth date + sequence) identify the child even without the rest.
    core = number[6:17]
    hits = [(table, column) for table, column, value in text_values() if core in value]
    assert hits == [], f"clear ID digits found in {hits}"


def test_service_stores_no_clear_id_anywhere(grant, org_admin):
    numbers = [id_number(n, born=datetime.date(2012, 1, 1) + datetime.timedelta(days=37 * n)) for n in range(1, 6)]
    for number in numbers:
        beneficiary_enrol(grant=grant, actor=org_admin, id_number=number, name="测试", **child_fields())
    assert apps.get_model("delivery", "Beneficiary").objects.count() == 5
    for number in numbers:
        assert_not_stored(number)


def test_the_scan_finds_a_clear_number_when_one_is_stored(grant, org_admin):
    """The scan itself can fail: a number planted in a column is found."""
    from delivery.models import Enrolment

    number = id_number(7, born=datetime.date(2014, 2, 3))
    enrolment = beneficiary_enrol(grant=grant, actor=org_admin, id_number=number, **child_fields())
    Enrolment.objects.filter(pk=enrolment.pk).update(name=number)
    try:
        assert_not_stored(number)
    except AssertionError:
        return
    raise AssertionError("the scan missed a stored number")


def test_a_number_typed_into_the_name_is_refused(grant, org_admin):
    import pytest
    from django.core.exceptions import ValidationError

    number = id_number(8, born=datetime.date(2014, 2, 3))
    with pytest.raises(ValidationError) as caught:
        beneficiary_enrol(
            grant=grant,
            actor=org_admin,
            no_id_reason="未落户",
            name=number,
            **child_fields(gender="male", birth_year=2014, birth_month=2),
        )
    assert "name" in caught.value.message_dict
    assert_not_stored(number)
