"""Co-funding: a call paid from several sources (e.g. 福彩公益金 and 财政资金), with the amount of each.

A call without shares is paid wholly from its ``funding_source``. Grants and payments carry the split
(``grants.models.funding``), so that the bureau can account for each source down to the cent.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .calls import MONEY, Call, FundingSource


class CallFunding(models.Model):
    call = models.ForeignKey(Call, verbose_name=_("申报指南"), on_delete=models.CASCADE, related_name="funding_shares")
    source = models.CharField(_("资金来源"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(_("金额（元）"), validators=[MinValueValidator(0)], **MONEY)

    class Meta:
        verbose_name = _("资金来源构成")
        verbose_name_plural = _("资金来源构成")
        ordering = ["call", "source"]
        constraints = [
            models.UniqueConstraint(fields=["call", "source"], name="call_funding_one_row_per_source"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="call_funding_amount_positive"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}"
