"""Co-funding of a call: the amount from each funding source (programs.models.funding)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.money import format_money
from core.permissions import require

from ..models import Call, CallFunding, FundingSource


def call_funding_save(*, call: Call, actor, shares: dict[str, Decimal]) -> Call:
    """Replace the call's split. ``shares`` maps sources to amounts (zero or missing: not used); an empty split means
    the whole budget comes from the call's ``funding_source``. Frozen once a grant is signed: the grants carry it."""
    shares = {source: amount for source, amount in shares.items() if amount}
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        require(actor, "programs.call_manage", call)
        if call.grants.exists():
            raise ValidationError(_("本指南已签订项目合同，合同按原资金来源构成拨付，不能再修改。"), code="frozen")
        unknown = set(shares) - set(FundingSource.values)
        if unknown:
            raise ValidationError(_("资金来源无效：%(s)s。") % {"s": "、".join(sorted(unknown))})
        if any(amount < 0 for amount in shares.values()):
            raise ValidationError(_("各来源金额不能为负数。"))
        total = sum(shares.values(), Decimal(0))
        if shares and total != call.total_budget:
            raise ValidationError(
                _("各来源金额合计 %(total)s 元，必须等于资金总额 %(budget)s 元（相差 %(diff)s 元）。")
                % {
                    "total": format_money(total),
                    "budget": format_money(call.total_budget),
                    "diff": format_money(abs(call.total_budget - total)),
                },
                code="total",
            )
        before = {row.source: row.amount for row in call.funding_shares.all()}
        call.funding_shares.all().delete()
        CallFunding.objects.bulk_create(CallFunding(call=call, source=s, amount=a) for s, a in sorted(shares.items()))
        old_source = call.funding_source
        if shares:
            # The largest source is the call's main one (what lists and older exports show).
            call.funding_source = max(sorted(shares), key=lambda source: shares[source])
            call.save(update_fields=["funding_source"])
        audit_log(
            actor=actor,
            action="call.funding",
            target=call,
            details={
                "before": {"shares": before, "funding_source": old_source},
                "after": {"shares": shares, "funding_source": call.funding_source},
            },
        )
    return call
