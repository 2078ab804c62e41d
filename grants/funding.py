"""The split of grants and payments by funding source, to the cent.

A grant takes its call's shares (``programs.CallFunding``; a call without shares is all its ``funding_source``). A
payment's split is cumulative: after each payment, what has been paid from each source is the grant's split of the total
paid so far, so that the last payment brings every source exactly to its share of the grant, whatever the rounding of
the tranches before it.
"""

from decimal import Decimal

from django.db.models import Sum

from core.money import split_amount

from .models import Grant, GrantFunding, Payment, PaymentFunding


def call_shares(call) -> dict[str, Decimal]:
    shares = {row.source: row.amount for row in call.funding_shares.all()}
    return shares or {call.funding_source: call.total_budget}


def record_grant_funding(grant: Grant) -> list[GrantFunding]:
    """Split a new grant by its call's shares (inside the transaction that creates it)."""
    split = split_amount(grant.amount, call_shares(grant.call))
    return GrantFunding.objects.bulk_create(
        GrantFunding(grant=grant, source=source, amount=amount) for source, amount in sorted(split.items())
    )


def grant_shares(grant: Grant) -> dict[str, Decimal]:
    shares = dict(grant.funding_shares.values_list("source", "amount"))
    return shares or {grant.funding_source: grant.amount}


def record_payment_funding(payment: Payment) -> list[PaymentFunding]:
    """Split a new payment (inside the transaction that releases it, the milestone locked)."""
    grant = payment.milestone.grant
    shares = grant_shares(grant)
    earlier = PaymentFunding.objects.filter(payment__milestone__grant=grant).exclude(payment=payment)
    paid_before = dict(earlier.values("source").annotate(total=Sum("amount")).values_list("source", "total"))
    total_paid = sum(paid_before.values(), Decimal(0)) + payment.amount
    target = split_amount(total_paid, shares)
    parts = {source: target[source] - paid_before.get(source, Decimal(0)) for source in shares}
    if any(amount < 0 for amount in parts.values()):
        # Only when earlier payments were split by other shares (the grant's split was changed): split this one alone.
        parts = split_amount(payment.amount, shares)
    return PaymentFunding.objects.bulk_create(
        PaymentFunding(payment=payment, source=source, amount=amount)
        for source, amount in sorted(parts.items())
        if amount
    )


def funds_by_source(grants) -> list[dict]:
    """Committed and paid by funding source over a queryset of grants (two aggregate queries):
    [{"source", "label", "committed", "paid"}], largest commitment first."""
    from programs.models import FundingSource

    committed = dict(
        GrantFunding.objects.filter(grant__in=grants)
        .values("source")
        .annotate(t=Sum("amount"))
        .values_list("source", "t")
    )
    paid = dict(
        PaymentFunding.objects.filter(payment__milestone__grant__in=grants)
        .values("source")
        .annotate(t=Sum("amount"))
        .values_list("source", "t")
    )
    labels = dict(FundingSource.choices)
    rows = [
        {
            "source": source,
            "label": str(labels.get(source, source)),
            "committed": committed.get(source, Decimal(0)),
            "paid": paid.get(source, Decimal(0)),
        }
        for source in set(committed) | set(paid)
    ]
    return sorted(rows, key=lambda row: (-row["committed"], row["source"]))
