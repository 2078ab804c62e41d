"""The grant and milestone workflows, each one table of data (core.workflow). Who may move is in rules.py."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Workflow

from .models import GrantStatus, MilestoneStatus

M = MilestoneStatus
G = GrantStatus

milestone_workflow = Workflow(
    "milestone",
    {
        (M.PENDING, "submit"): M.SUBMITTED,
        (M.SUBMITTED, "return"): M.RETURNED,
        (M.SUBMITTED, "approve"): M.APPROVED,
        (M.RETURNED, "resubmit"): M.RESUBMITTED,
        (M.RESUBMITTED, "return"): M.RETURNED,
        (M.RESUBMITTED, "approve"): M.APPROVED,
        (M.APPROVED, "release"): M.PAID,
    },
    labels=dict(MilestoneStatus.choices),
    action_labels={
        "submit": _("提交"),
        "resubmit": _("重新提交"),
        "return": _("退回"),
        "approve": _("审核通过"),
        "release": _("拨付"),
    },
)

grant_workflow = Workflow(
    "grant",
    {
        (G.SIGNED, "start"): G.IN_PROGRESS,
        (G.SIGNED, "suspend"): G.SUSPENDED,
        (G.IN_PROGRESS, "suspend"): G.SUSPENDED,
        (G.SUSPENDED, "resume"): G.IN_PROGRESS,
        (G.IN_PROGRESS, "complete"): G.COMPLETED,
        (G.SIGNED, "terminate"): G.TERMINATED,
        (G.IN_PROGRESS, "terminate"): G.TERMINATED,
        (G.SUSPENDED, "terminate"): G.TERMINATED,
    },
    labels=dict(GrantStatus.choices),
    action_labels={
        "start": _("开始执行"),
        "suspend": _("暂停"),
        "resume": _("恢复执行"),
        "complete": _("结项"),
        "terminate": _("终止"),
    },
)

# The organization submits the first time and resubmits after a return: one form, two workflow actions.
SUBMIT_ACTION = {M.PENDING: "submit", M.RETURNED: "resubmit"}
