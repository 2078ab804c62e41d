import pytest

from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.factories.programs import ApplicationFactory, CallFactory, ReviewerFactory


@pytest.fixture
def call(db):
    return CallFactory()


@pytest.fixture
def applicant_org(db):
    return OrganizationFactory(region_code="420102")


@pytest.fixture
def applicant(applicant_org):
    return MembershipFactory(organization=applicant_org, user=UserFactory(username="applicant")).user


@pytest.fixture
def draft(call, applicant_org, applicant):
    return ApplicationFactory(call=call, organization=applicant_org)


@pytest.fixture
def reviewers(db):
    return [ReviewerFactory(username="reviewer_a"), ReviewerFactory(username="reviewer_b")]
