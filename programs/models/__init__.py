from .applications import (
    Application,
    ApplicationAttachment,
    ApplicationQuerySet,
    ApplicationStatus,
    ApplicationVersion,
    BudgetCategory,
    BudgetLine,
    PlannedChildren,
    PlannedServiceHours,
    TeamMember,
)
from .brands import BrandProgram
from .calls import (
    MIN_REVIEWERS,
    Call,
    CallAttachment,
    CallPhase,
    CallQuerySet,
    CallStatus,
    FundingSource,
    RubricCriterion,
    TrancheTemplate,
)
from .funding import CallFunding
from .indicators import IndicatorDirection, IndicatorKind, MeasuredPer, OutcomeIndicator, OutcomeTarget
from .notices import PublicNotice
from .reviews import CriterionScore, ReviewAssignment, ReviewStatus

__all__ = [
    "MIN_REVIEWERS",
    "Application",
    "ApplicationAttachment",
    "ApplicationQuerySet",
    "ApplicationStatus",
    "ApplicationVersion",
    "BrandProgram",
    "BudgetCategory",
    "BudgetLine",
    "Call",
    "CallAttachment",
    "CallFunding",
    "CallPhase",
    "CallQuerySet",
    "CallStatus",
    "CriterionScore",
    "FundingSource",
    "IndicatorDirection",
    "IndicatorKind",
    "MeasuredPer",
    "OutcomeIndicator",
    "OutcomeTarget",
    "PlannedChildren",
    "PlannedServiceHours",
    "PublicNotice",
    "ReviewAssignment",
    "ReviewStatus",
    "RubricCriterion",
    "TeamMember",
    "TrancheTemplate",
]
