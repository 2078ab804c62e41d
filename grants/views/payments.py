"""The officer's payments (拨付记录): every released tranche of the grants issued in their region, filtered, totalled,
exported."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.excel import choice_labels, wants_xlsx
from core.filters import filter_status
from core.pagination import paginate
from core.permissions import Denied
from programs.models import FundingSource

from ..exports import payment_split, payments_response
from ..filters import PaymentFilter
from ..selectors import payments_for_officer

PAGE_SIZE = 25


@login_required
def payment_list(request):
    if not request.user.is_officer:
        raise Denied(_("只有项目官员可以查看拨付记录。"))
    payment_filter = PaymentFilter(request.GET or None, queryset=payments_for_officer(request.user), user=request.user)
    export_refused = False
    if wants_xlsx(request):
        # A mistyped filter would export more than was asked: the list says why instead (400).
        if filter_status(payment_filter) == 200:
            return payments_response(payment_filter.qs)
        export_refused = True
    payments = payment_filter.qs
    page = paginate(request, payments, PAGE_SIZE)
    sources = choice_labels(FundingSource.choices)
    for payment in page.object_list:
        payment.split = [(sources.get(source, source), amount) for source, amount in payment_split(payment).items()]
    total = payments.order_by().aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    return render(
        request,
        "grants/payment_list.html",
        {"filter": payment_filter, "page": page, "total": total, "export_refused": export_refused},
        status=400 if export_refused else filter_status(payment_filter),
    )
