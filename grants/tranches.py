"""Payment tranche arithmetic (拨付分期): split an award in yuan, with fen precision, by a template's percentages.

Pure functions, no database. Every tranche but the last is the award times its percentage, rounded *down* to the
fen; the last tranche takes what remains, so the amounts always add up exactly to the award and the rounding
remainder (never negative) lands on the last tranche.
"""

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.money import format_money

FEN = Decimal("0.01")
HUNDRED = Decimal("100")


def _as_decimal(value, *, label: str) -> Decimal:
    if isinstance(value, float):
        # A float has already lost precision; money and percentages must arrive as Decimal, int or str.
        raise TypeError(f"{label} must be Decimal, int or str, not float")
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("%(label)s“%(value)s”不是有效的数字。") % {"label": label, "value": value}) from None
    if not number.is_finite():
        raise ValidationError(_("%(label)s“%(value)s”不是有效的数字。") % {"label": label, "value": value})
    return number


def validate_percentages(percentages: Sequence) -> list[Decimal]:
    """The percentages as Decimals, or a ValidationError: at least one, each above 0, summing to exactly 100."""
    values = [_as_decimal(p, label=_("拨付比例")) for p in percentages]
    if not values:
        raise ValidationError(_("付款模板没有任何分期，至少需要一期。"), code="empty")
    for number, value in enumerate(values, start=1):
        if value <= 0:
            raise ValidationError(
                _("第 %(n)s 期的拨付比例为 %(value)s%%，每期比例必须大于 0。") % {"n": number, "value": value},
                code="non_positive",
            )
    total = sum(values, Decimal(0))
    if total != HUNDRED:
        raise ValidationError(
            _("付款模板各期比例之和为 %(total)s%%，必须恰好等于 100%%。") % {"total": total.normalize()},
            code="not_hundred",
        )
    return values


def split_award(award, percentages: Sequence) -> list[Decimal]:
    """Split ``award`` (yuan, at most two decimals) into one amount per percentage.

    Raises ValidationError (Chinese, naming the rule) when the award is not a positive fen amount, the percentages do
    not sum to 100, or some tranche would come out as zero — such a template cannot be split for this award.
    """
    amount = _as_decimal(award, label=_("合同金额"))
    if amount <= 0:
        raise ValidationError(_("合同金额必须大于 0 元。"), code="award_non_positive")
    if amount != amount.quantize(FEN):
        raise ValidationError(
            _("合同金额 %(amount)s 元超出“分”的精度，最多保留两位小数。") % {"amount": amount}, code="award_precision"
        )
    amount = amount.quantize(FEN)
    shares = validate_percentages(percentages)
    tranches = [(amount * share / HUNDRED).quantize(FEN, rounding=ROUND_DOWN) for share in shares[:-1]]
    tranches.append(amount - sum(tranches, Decimal(0)))
    for number, tranche in enumerate(tranches, start=1):
        if tranche <= 0:
            raise ValidationError(
                _("合同金额 %(amount)s 元按该模板拆分后，第 %(n)s 期金额为 %(tranche)s 元；每期金额必须至少 0.01 元。")
                % {"amount": format_money(amount), "n": number, "tranche": format_money(tranche)},
                code="tranche_zero",
            )
    return tranches
