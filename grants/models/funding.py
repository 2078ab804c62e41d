"""The split of a grant, and of each payment, by funding source (see ``programs.models.funding``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models import FundingSource

from .grants import Grant
from .milestones import Payment

MONEY = {"max_digits": 14, "decimal_places": 2}


class GrantFunding(models.Model):
    grant = models.ForeignKey(
        Grant, verbose_name=_("项目合同"), on_delete=models.CASCADE, related_name="funding_shares"
    )
    source = models.CharField(_("资金来源"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(_("金额（元）"), **MONEY)

    class Meta:
        verbose_name = _("合同资金来源")
        verbose_name_plural = _("合同资金来源")
        ordering = ["grant", "source"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "source"], name="grant_funding_one_row_per_source"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="grant_funding_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}"


class PaymentFunding(models.Model):
    payment = models.ForeignKey(
        Payment, verbose_name=_("拨付记录"), on_delete=models.PROTECT, related_name="funding_shares"
    )
    source = models.CharField(_("资金来源"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(_("金额（元）"), **MONEY)

    class Meta:
        verbose_name = _("拨付资金来源")
        verbose_name_plural = _("拨付资金来源")
        ordering = ["payment", "source"]
        constraints = [
            models.UniqueConstraint(fields=["payment", "source"], name="payment_funding_one_row_per_source"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="payment_funding_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}"
