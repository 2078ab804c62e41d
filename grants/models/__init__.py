from .evaluations import Evaluation, EvaluationKind, EvaluationStatus, Grade, grade_for_score
from .funding import GrantFunding, PaymentFunding
from .grants import ContractSequence, Grant, GrantQuerySet, GrantStatus
from .milestones import Milestone, MilestoneEvidence, MilestoneQuerySet, MilestoneStatus, Payment

__all__ = [
    "ContractSequence",
    "Evaluation",
    "EvaluationKind",
    "EvaluationStatus",
    "Grade",
    "Grant",
    "GrantFunding",
    "GrantQuerySet",
    "GrantStatus",
    "Milestone",
    "MilestoneEvidence",
    "MilestoneQuerySet",
    "MilestoneStatus",
    "Payment",
    "PaymentFunding",
    "grade_for_score",
]
