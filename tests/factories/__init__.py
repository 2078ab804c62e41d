from .core import OfficerFactory, UserFactory, region
from .organizations import MembershipFactory, OrganizationFactory, credit_code

__all__ = ["MembershipFactory", "OfficerFactory", "OrganizationFactory", "UserFactory", "credit_code", "region"]
from .grants import approved_application, grant_call, make_grant, mark_milestones_approved, pdf_upload

__all__ += ["approved_application", "grant_call", "make_grant", "mark_milestones_approved", "pdf_upload"]
