from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from grants.tranches import split_award, validate_percentages


def test_awkward_total_forty_thirty_thirty():
    assert split_award(Decimal("100000.01"), [40, 30, 30]) == [
        Decimal("40000.00"),
        Decimal("30000.00"),
        Decimal("30000.01"),
    ]


def test_thirds_remainder_goes_to_last_tranche():
    assert split_award(Decimal("100.00"), ["33.33", "33.33", "33.34"]) == [
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.34"),
    ]
    assert split_award(Decimal("0.10"), ["33.33", "33.33", "33.34"]) == [
        Decimal("0.03"),
        Decimal("0.03"),
        Decimal("0.04"),
    ]


def test_single_tranche_is_the_award():
    assert split_award(Decimal("12345.67"), [100]) == [Decimal("12345.67")]


@pytest.mark.parametrize(
    ("percentages", "message"),
    [
        ([40, 30, 20], "必须恰好等于 100%"),
        ([40, 30, 40], "必须恰好等于 100%"),
        ([], "至少需要一期"),
        ([100, 0], "必须大于 0"),
        ([110, -10], "必须大于 0"),
    ],
)
def test_templates_that_do_not_sum_to_100_are_refused(percentages, message):
    with pytest.raises(ValidationError) as excinfo:
        split_award(Decimal("1000"), percentages)
    assert message in excinfo.value.messages[0]


def test_award_too_small_to_split_is_refused_naming_the_tranche():
    with pytest.raises(ValidationError) as excinfo:
        split_award(Decimal("0.02"), [40, 30, 30])
    assert "第 1 期金额为 0.00 元" in excinfo.value.messages[0]


@pytest.mark.parametrize("award", [Decimal("0"), Decimal("-5"), Decimal("10.001"), "abc"])
def test_bad_awards_are_refused(award):
    with pytest.raises(ValidationError):
        split_award(award, [40, 30, 30])


def test_floats_are_a_programming_error():
    with pytest.raises(TypeError):
        split_award(100.5, [100])


def test_validate_percentages_accepts_decimal_strings():
    assert validate_percentages(["40.5", "29.5", "30"]) == [Decimal("40.5"), Decimal("29.5"), Decimal("30")]


fen_amounts = st.integers(min_value=1, max_value=10**12).map(lambda fen: Decimal(fen) / 100)


@st.composite
def templates(draw):
    """Random templates: 1-6 tranches in hundredths of a percent, each at least 0.01%, summing to exactly 100."""
    count = draw(st.integers(min_value=1, max_value=6))
    cuts = sorted(draw(st.lists(st.integers(1, 9999), min_size=count - 1, max_size=count - 1, unique=True)))
    bounds = [0, *cuts, 10000]
    return [Decimal(bounds[i + 1] - bounds[i]) / 100 for i in range(count)]


@given(award=fen_amounts, percentages=templates())
def test_tranches_always_sum_exactly_to_the_award(award, percentages):
    try:
        tranches = split_award(award, percentages)
    except ValidationError:
        # Refused only when some tranche would be below one fen.
        assert any(award * p / 100 < Decimal("0.01") for p in percentages)
        return
    assert sum(tranches) == award
    assert len(tranches) == len(percentages)
    assert all(t > 0 and t == t.quantize(Decimal("0.01")) for t in tranches)
    # Every tranche but the last is within one fen below its exact share; the last one takes the remainder.
    for tranche, share in zip(tranches[:-1], percentages[:-1], strict=True):
        exact = award * share / 100
        assert exact - Decimal("0.01") < tranche <= exact
    assert tranches[-1] >= award * percentages[-1] / 100


@given(award=st.integers(min_value=1, max_value=10**9).map(Decimal))
def test_forty_thirty_thirty_never_loses_a_fen(award):
    award = award / 100
    if award < Decimal("0.04"):
        # 30% of 3 fen is below one fen: such an award cannot be split 40/30/30.
        with pytest.raises(ValidationError):
            split_award(award, [40, 30, 30])
        return
    tranches = split_award(award, [40, 30, 30])
    assert sum(tranches) == award
