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
