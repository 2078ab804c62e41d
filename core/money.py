"""One way to show an amount of money everywhere: thousands separators and two decimals ("1,234,567.50"), the same on
pages, in messages and in notifications, whatever the language."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def format_money(value) -> str:
    """``1234567.5`` → ``"1,234,567.50"``; None or a non-number → ``"—"``. Never goes through float."""
    if value is None or value == "":
        return "—"
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"
    except (InvalidOperation, ValueError):
        return "—"


def split_amount(total: Decimal, weights: dict) -> dict:
    """Split ``total`` in proportion to ``weights`` (amounts or shares), to the cent, the parts adding up to ``total``
    exactly: each part is rounded down and the cents left over go to the largest remainders (ties: the larger weight,
    then the key). An empty or all-zero ``weights`` cannot be split."""
    weight_sum = sum(weights.values(), Decimal(0))
    if not weights or weight_sum <= 0:
        raise ValueError("no weights to split by")
    cents = int((Decimal(total) * 100).to_integral_value())
    exact = {key: Decimal(cents) * Decimal(weight) / weight_sum for key, weight in weights.items()}
    parts = {key: int(value) for key, value in exact.items()}
    left = cents - sum(parts.values())
    order = sorted(weights, key=lambda key: (-(exact[key] - parts[key]), -Decimal(weights[key]), str(key)))
    for key in order[:left]:
        parts[key] += 1
    return {key: (Decimal(value) / 100).quantize(CENT) for key, value in parts.items()}
