"""Workflows as data. Each workflow is one table ``{(state, action): next_state}``; ``Workflow.next_state`` is the
one function that checks a move against it. Who may make the move is a permission rule (``core.permissions``)."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class TransitionNotAllowed(ValidationError):
    pass


class Workflow:
    def __init__(self, name: str, table: Mapping[tuple[str, str], str], *, labels=None, action_labels=None):
        self.name = name
        self.table = dict(table)
        self.labels = dict(labels or {})
        self.action_labels = dict(action_labels or {})

    def allowed_actions(self, state: str) -> list[str]:
        return [action for (source, action) in self.table if source == state]

    def can(self, state: str, action: str) -> bool:
        return (state, action) in self.table

    def next_state(self, state: str, action: str) -> str:
        """The state ``action`` leads to from ``state``, or ``TransitionNotAllowed`` naming both in Chinese."""
        try:
            return self.table[(state, action)]
        except KeyError:
            raise TransitionNotAllowed(
                _("当前状态为“%(state)s”，不能执行“%(action)s”。")
                % {
                    "state": self.labels.get(state, state),
                    "action": self.action_labels.get(action, action),
                },
                code="transition",
            ) from None
