"""Money: committed (contract amounts), paid and outstanding, by region, funding source and brand program.

The grants counted are those issued in the region's subtree and signed in the period. Paid is what was released on
them up to the period's end. A grant that was terminated or completed will not be paid its remainder: that part is
shown as "no longer payable" (不再拨付), so committed = paid + outstanding + no longer payable on every row.
Two aggregate queries per table (grants, payments), whatever the number of grants.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from grants.models import Grant, GrantFunding, GrantStatus, Payment, PaymentFunding
from programs.models import FundingSource

from .base import Scope, child_code, child_labels, ordered_keys

CLOSED = (GrantStatus.TERMINATED, GrantStatus.COMPLETED)
ZERO = Decimal("0.00")


@dataclass
class FundsRow:
    key: str
    label: str
    grants: int = 0
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    outstanding: Decimal = ZERO
    no_longer_payable: Decimal = ZERO


def signed_grants(scope: Scope):
    """Grants issued in the region's subtree and signed in the period."""
    return Grant.objects.in_region(scope.region).filter(**scope.in_period("signed_on"))


def _funds(scope: Scope, group) -> list[FundsRow]:
    grants = signed_grants(scope)
    per_grant = (
        grants.annotate(key=group(""))
        .values("key")
        .annotate(
            count=Count("pk"),
            committed=Sum("amount"),
            closed=Coalesce(Sum("amount", filter=Q(status__in=CLOSED)), Value(ZERO)),
        )
        .order_by()
    )
    payments = (
        Payment.objects.filter(milestone__grant__in=grants.values("pk"), paid_on__lte=scope.end)
        .annotate(key=group("milestone__grant__"))
        .values("key")
        .annotate(
            paid=Sum("amount"),
            paid_closed=Coalesce(Sum("amount", filter=Q(milestone__grant__status__in=CLOSED)), Value(ZERO)),
        )
        .order_by()
    )
    paid = {row["key"]: row for row in payments}
    rows = []
    for row in per_grant:
        money = paid.get(row["key"], {"paid": ZERO, "paid_closed": ZERO})
        rows.append(
            FundsRow(
                key=row["key"],
                label="",
                grants=row["count"],
                committed=row["committed"],
                paid=money["paid"],
                outstanding=row["committed"] - row["closed"] - (money["paid"] - money["paid_closed"]),
                no_longer_payable=row["closed"] - money["paid_closed"],
            )
        )
    return rows


def total_row(rows: list[FundsRow]) -> FundsRow:
    total = FundsRow(key="total", label=_("合计"))
    for row in rows:
        total.grants += row.grants
        total.committed += row.committed
        total.paid += row.paid
        total.outstanding += row.outstanding
        total.no_longer_payable += row.no_longer_payable
    return total


def funds_by_region(scope: Scope) -> list[FundsRow]:
    """By the issuing bureau's region one level down (市州 under the province, counties under a 市州; the region's own
    bureau is a row of its own, e.g. 省本级)."""
    rows = _funds(scope, lambda prefix: child_code(f"{prefix}issuing_region__path", scope.region))
    labels = child_labels(scope.region, [row.key for row in rows])
    by_key = {row.key: row for row in rows}
    result = [by_key[key] for key in ordered_keys(by_key)]
    for row in result:
        row.label = labels.get(row.key, row.key)
    return result


def funds_by_source(scope: Scope) -> list[FundsRow]:
    """By funding source (资金来源). A co-funded grant counts in each of its sources with that source's share, and each
    payment with its own split (grants.funding), so the rows add up to the same totals as the other tables."""
    grants = signed_grants(scope).values("pk")
    shares = (
        GrantFunding.objects.filter(grant__in=grants)
        .values("source")
        .annotate(
            count=Count("grant", distinct=True),
            committed=Sum("amount"),
            closed=Coalesce(Sum("amount", filter=Q(grant__status__in=CLOSED)), Value(ZERO)),
        )
        .order_by()
    )
    payments = (
        PaymentFunding.objects.filter(payment__milestone__grant__in=grants, payment__paid_on__lte=scope.end)
        .values("source")
        .annotate(
            paid=Sum("amount"),
            paid_closed=Coalesce(Sum("amount", filter=Q(payment__milestone__grant__status__in=CLOSED)), Value(ZERO)),
        )
        .order_by()
    )
    paid = {row["source"]: row for row in payments}
    order = [value for value, _label in FundingSource.choices]
    rows = []
    for row in shares:
        money = paid.get(row["source"], {"paid": ZERO, "paid_closed": ZERO})
        rows.append(
            FundsRow(
                key=row["source"],
                label=str(FundingSource(row["source"]).label) if row["source"] in order else row["source"],
                grants=row["count"],
                committed=row["committed"],
                paid=money["paid"],
                outstanding=row["committed"] - row["closed"] - (money["paid"] - money["paid_closed"]),
                no_longer_payable=row["closed"] - money["paid_closed"],
            )
        )
    rows.sort(key=lambda row: order.index(row.key) if row.key in order else len(order))
    return rows


def funds_by_brand(scope: Scope) -> list[FundsRow]:
    """By brand program (品牌项目); grants without one form their own row."""
    rows = _funds(scope, lambda prefix: Coalesce(F(f"{prefix}brand_program__name"), Value("")))
    rows.sort(key=lambda row: (row.key == "", row.key))
    for row in rows:
        row.label = row.key or _("未关联品牌项目")
    return rows
