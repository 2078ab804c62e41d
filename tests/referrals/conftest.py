import pytest

from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory, make_grant
from tests.factories.grants import approved_application
from tests.factories.referrals import director, load_townships, supervisor


@pytest.fixture(autouse=True)
def _townships(db):
    """The townships of 江岸区 and 江汉区 only: loading the whole province's ~1,460 is tested once, in tests/core."""
    load_townships("420102", "420103")


@pytest.fixture
def jiangan_officer(db):
    return OfficerFactory(username="officer_jiangan", region_code="420102")


@pytest.fixture
def grant(wuhan_officer, org_admin, organization):
    """An active grant of 武汉市 to ``organization`` (admin: org_admin) serving 江岸区 (every township of it), its
    call open to every service type."""
    return make_grant(officer=wuhan_officer, application=approved_application(organization=organization))


@pytest.fixture
def other_org_admin(db):
    """The admin of another organization, which holds a grant elsewhere (江汉区)."""
    admin = MembershipFactory(user=UserFactory(username="other_admin"), organization=OrganizationFactory()).user
    return admin


@pytest.fixture
def dazhi_director(db):
    return director(username="director_dazhi", township_code="420102002")


@pytest.fixture
def other_director(db):
    """A director of 一元街道, another township of the same county."""
    return director(username="director_yiyuan", township_code="420102003")


@pytest.fixture
def dazhi_supervisor(db):
    return supervisor(username="supervisor_dazhi", township_code="420102002")
