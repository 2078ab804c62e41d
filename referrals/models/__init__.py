from .referrals import (
    CountyHotline,
    Need,
    Referral,
    ReferralQuerySet,
    ReferralStatus,
    RouteOutcome,
    Urgency,
)
from .workers import AccountSetup, CareWorker, CareWorkerRole

__all__ = [
    "AccountSetup",
    "CareWorker",
    "CareWorkerRole",
    "CountyHotline",
    "Need",
    "Referral",
    "ReferralQuerySet",
    "ReferralStatus",
    "RouteOutcome",
    "Urgency",
]
