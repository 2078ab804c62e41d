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
from .services import MeasurementMethod, MeasurementPhase, OutcomeMeasurement, ServiceForm, ServiceLog

__all__ = [
    "Beneficiary",
    "BeneficiaryQuerySet",
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
    "SchoolStage",
    "ServiceForm",
    "ServiceLog",
]
