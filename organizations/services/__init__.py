"""Writes about organizations. Each service is keyword-only, runs in one transaction, checks permission and
workflow, writes an audit event and queues notifications on commit."""

from .annual import annual_status_confirm, annual_status_submit
from .incubation import incubation_add_support, incubation_create, incubation_end, incubation_graduate
from .members import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    membership_change_role,
    membership_remove,
)
from .profile import organization_register, organization_update
from .roster import staff_member_create, staff_member_delete, staff_member_update
from .verification import organization_return, organization_verify

__all__ = [
    "annual_status_confirm",
    "annual_status_submit",
    "incubation_add_support",
    "incubation_create",
    "incubation_end",
    "incubation_graduate",
    "invitation_accept",
    "invitation_create",
    "invitation_resend",
    "invitation_revoke",
    "membership_change_role",
    "membership_remove",
    "organization_register",
    "organization_return",
    "organization_update",
    "organization_verify",
    "staff_member_create",
    "staff_member_delete",
    "staff_member_update",
]
