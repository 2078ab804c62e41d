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


def test_no_template_anywhere_prints_an_amount_without_the_money_filter():
    """Issue 10, item 5, on the newer pages too (home, brand pages, delivery): an amount of money goes through
    ``|money`` (separators, two decimals), never through ``floatformat`` or ``intcomma``, which drop the cents."""
    import pathlib
    import re

    from django.conf import settings

    root = pathlib.Path(settings.BASE_DIR)
    money_names = re.compile(r"(amount|budget|_cap\b|remaining|approved_total|unit_price|awarded|\.paid\b|committed)")
    hand_formatted = re.compile(r"\|\s*(floatformat|intcomma|stringformat)")
    offenders = []
    for path in root.glob("*/templates/**/*.html"):
        if path.parts[len(root.parts)] in {".venv", "bench", "scale", "staticfiles"}:
            continue
        for expr in re.findall(r"{{\s*([^}]+?)\s*}}|\bwith\s+\w+=(\S+)", path.read_text()):
            expr = expr[0] or expr[1]
            if money_names.search(expr.split("|")[0]) and hand_formatted.search(expr):
                offenders.append(f"{path.relative_to(root)}: {expr}")
    assert offenders == []


def test_the_cost_per_child_reads_as_money():
    """The delivery summary's 每名儿童服务成本 row is an amount: two decimals, like every other amount."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    row = SimpleNamespace(
        group="cost",
        label="每名儿童服务成本",
        extra="",
        unit="元",
        planned=Decimal("5000.00"),
        expected=Decimal("5000.00"),
        delivered=Decimal("23333.30"),
        status="behind",
        gap=None,
    )
    summary = SimpleNamespace(until=None, elapsed_share=Decimal("0.5"), behind=[row], rows=[row])
    html = render_to_string("delivery/_summary.html", {"summary": summary})
    assert "5,000.00 元" in html and "23,333.30 元" in html
