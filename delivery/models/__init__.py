from .beneficiaries import (
    Beneficiary,
    BeneficiaryQuerySet,
    ConsentBy,
    Enrolment,
    Gender,
    GuardianType,
    SchoolStage,
)
from .imports import ImportBatch, ImportKind, ImportStatus
from .rollups import ChildCount, ChildDimension, RollupState, ServiceMonth
from .services import MeasurementMethod, MeasurementPhase, OutcomeMeasurement, ServiceForm, ServiceLog

__all__ = [
    "Beneficiary",
    "BeneficiaryQuerySet",
    "ChildCount",
    "ChildDimension",
    "ConsentBy",
    "Enrolment",
    "Gender",
    "GuardianType",
    "ImportBatch",
    "ImportKind",
    "ImportStatus",
    "MeasurementMethod",
    "MeasurementPhase",
    "OutcomeMeasurement",
    "RollupState",
    "SchoolStage",
    "ServiceForm",
    "ServiceLog",
    "ServiceMonth",
]
