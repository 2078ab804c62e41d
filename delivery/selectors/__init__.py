from .children import beneficiary_file, children_of_grant, enrolment_of, serving_organization_ids
from .summary import grant_delivery_summary, grants_behind_plan

__all__ = [
    "beneficiary_file",
    "children_of_grant",
    "enrolment_of",
    "grant_delivery_summary",
    "grants_behind_plan",
    "serving_organization_ids",
]
