"""Writes on grants: one keyword-only function per action, each in one transaction with an audit event."""

from .evaluations import evaluation_assign, evaluation_publish, evaluation_submit
from .grants import allocate_contract_number, grant_change_status, grant_create
from .milestones import (
    milestone_approve,
    milestone_release,
    milestone_reminders_send,
    milestone_return,
    milestone_schedule_update,
    milestone_submit,
)

__all__ = [
    "allocate_contract_number",
    "evaluation_assign",
    "evaluation_publish",
    "evaluation_submit",
    "grant_change_status",
    "grant_create",
    "milestone_approve",
    "milestone_release",
    "milestone_reminders_send",
    "milestone_return",
    "milestone_schedule_update",
    "milestone_submit",
]
