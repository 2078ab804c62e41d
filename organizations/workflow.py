"""The verification workflow of an organization's profile, as one table."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Workflow

from .models import VerificationStatus

PENDING = VerificationStatus.PENDING
VERIFIED = VerificationStatus.VERIFIED
RETURNED = VerificationStatus.RETURNED

VERIFICATION = Workflow(
    "organization_verification",
    {
        (PENDING, "verify"): VERIFIED,
        (PENDING, "return"): RETURNED,
        (RETURNED, "resubmit"): PENDING,
        # A verified profile stays verified while changed legal facts wait; the officer accepts or refuses them.
        (VERIFIED, "verify_changes"): VERIFIED,
        (VERIFIED, "return_changes"): VERIFIED,
    },
    labels=dict(VerificationStatus.choices),
    action_labels={
        "verify": _("审核通过"),
        "return": _("退回"),
        "resubmit": _("重新提交"),
        "verify_changes": _("通过法定信息变更"),
        "return_changes": _("退回法定信息变更"),
    },
)
