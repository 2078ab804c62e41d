"""The application workflow as one table of data, and the one function that checks a move against it and against
the actor's permission."""

from django.utils.translation import gettext_lazy as _

from core.permissions import require
from core.workflow import Workflow

from .models import ApplicationStatus as S


class Action:
    SUBMIT = "submit"
    RETURN = "return"
    RESUBMIT = "resubmit"
    PASS_TO_REVIEW = "pass_to_review"
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"


ACTION_LABELS = {
    Action.SUBMIT: _("提交"),
    Action.RETURN: _("退回修改"),
    Action.RESUBMIT: _("重新提交"),
    Action.PASS_TO_REVIEW: _("通过初审，进入评审"),
    Action.APPROVE: _("立项"),
    Action.REJECT: _("不予立项"),
    Action.WITHDRAW: _("撤回"),
}

# Who makes each move: the applicant organization or the program officer covering the call's region.
ACTION_PERMISSION = {
    Action.SUBMIT: "programs.application_submit",
    Action.RESUBMIT: "programs.application_submit",
    Action.WITHDRAW: "programs.application_withdraw",
    Action.RETURN: "programs.application_screen",
    Action.PASS_TO_REVIEW: "programs.application_screen",
    Action.APPROVE: "programs.application_decide",
    Action.REJECT: "programs.application_decide",
}

APPLICATION_WORKFLOW = Workflow(
    "application",
    {
        (S.DRAFT, Action.SUBMIT): S.SUBMITTED,
        (S.DRAFT, Action.WITHDRAW): S.WITHDRAWN,
        (S.SUBMITTED, Action.RETURN): S.RETURNED,
        (S.SUBMITTED, Action.PASS_TO_REVIEW): S.UNDER_REVIEW,
        (S.SUBMITTED, Action.WITHDRAW): S.WITHDRAWN,
        (S.RETURNED, Action.RESUBMIT): S.RESUBMITTED,
        (S.RETURNED, Action.WITHDRAW): S.WITHDRAWN,
        (S.RESUBMITTED, Action.RETURN): S.RETURNED,
        (S.RESUBMITTED, Action.PASS_TO_REVIEW): S.UNDER_REVIEW,
        (S.RESUBMITTED, Action.WITHDRAW): S.WITHDRAWN,
        (S.UNDER_REVIEW, Action.APPROVE): S.APPROVED,
        (S.UNDER_REVIEW, Action.REJECT): S.REJECTED,
        (S.UNDER_REVIEW, Action.WITHDRAW): S.WITHDRAWN,
    },
    labels=dict(S.choices),
    action_labels=ACTION_LABELS,
)


def check_move(*, application, action: str, actor) -> str:
    """The state ``action`` takes ``application`` to, after checking the actor's permission (404/403) and the
    workflow table (``TransitionNotAllowed``)."""
    require(actor, ACTION_PERMISSION[action], application)
    return APPLICATION_WORKFLOW.next_state(application.status, action)


def available_actions(application, user) -> list[str]:
    """The moves ``user`` may make on ``application`` now (for buttons)."""
    from core.permissions import check

    return [
        action
        for action in APPLICATION_WORKFLOW.allowed_actions(application.status)
        if check(user, ACTION_PERMISSION[action], application).allowed
    ]
