from decimal import Decimal

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from core.money import format_money


def test_money_has_thousands_separators_and_two_decimals():
    assert format_money(Decimal("88000")) == "88,000.00"
    assert format_money(Decimal("512000.00")) == "512,000.00"
    assert format_money(Decimal("56480")) == "56,480.00"
    assert format_money(Decimal("0.005")) == "0.01"
    assert format_money(None) == "—"
    assert format_money("abc") == "—"


@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_money_reads_back_as_the_same_amount(amount):
    assert Decimal(format_money(amount).replace(",", "")) == amount


def test_money_filter_in_a_template():
    rendered = Template("{% load money %}{{ amount|money }} 元").render(Context({"amount": Decimal("140000")}))
    assert rendered == "140,000.00 元"
