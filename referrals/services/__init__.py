from .referrals import (
    referral_accept,
    referral_assign,
    referral_close,
    referral_open,
    referral_report,
    referral_return,
    referrals_remind_overdue,
)
from .workers import account_setup_complete, care_workers_import, hotline_set

__all__ = [
    "account_setup_complete",
    "care_workers_import",
    "hotline_set",
    "referral_accept",
    "referral_assign",
    "referral_close",
    "referral_open",
    "referral_report",
    "referral_return",
    "referrals_remind_overdue",
]
