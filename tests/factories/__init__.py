from .core import OfficerFactory, UserFactory, region
from .organizations import MembershipFactory, OrganizationFactory, credit_code

__all__ = ["MembershipFactory", "OfficerFactory", "OrganizationFactory", "UserFactory", "credit_code", "region"]
