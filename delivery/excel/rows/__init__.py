"""The three import kinds: columns, drop-down options and row validation (typed rows plus row-level problems)."""

from .base import Column, KindSpec, RowProblems
from .children import ChildRow, ChildSpec
from .measurements import MeasurementRow, MeasurementSpec
from .service_logs import ServiceLogRow, ServiceLogSpec

SPECS: dict[str, KindSpec] = {spec.kind: spec for spec in (ChildSpec(), ServiceLogSpec(), MeasurementSpec())}


def spec_for(kind: str) -> KindSpec:
    return SPECS[kind]


__all__ = [
    "SPECS",
    "ChildRow",
    "ChildSpec",
    "Column",
    "KindSpec",
    "MeasurementRow",
    "MeasurementSpec",
    "RowProblems",
    "ServiceLogRow",
    "ServiceLogSpec",
    "spec_for",
]
