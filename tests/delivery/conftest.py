import datetime

import pytest
from django.utils import timezone

from core.models import ChildCategory, Region
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_grant
from tests.factories.organizations import StaffMemberFactory


@pytest.fixture
def grant(wuhan_officer, organization):
    """A running grant of ``organization`` (江岸区) issued by Wuhan, started 90 days ago."""
    from tests.factories.grants import approved_application

    application = approved_application(organization=organization)
    start = timezone.localdate() - datetime.timedelta(days=90)
    return make_grant(officer=wuhan_officer, application=application, start_date=start)


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(region_code="420103")


@pytest.fixture
def other_admin(other_organization):
    return MembershipFactory(organization=other_organization, user=UserFactory(username="other_admin")).user


@pytest.fixture
def other_grant(wuhan_officer, other_organization):
    from tests.factories.grants import approved_application

    application = approved_application(organization=other_organization)
    start = timezone.localdate() - datetime.timedelta(days=60)
    return make_grant(officer=wuhan_officer, application=application, start_date=start)


@pytest.fixture
def staff(organization):
    return StaffMemberFactory(organization=organization, name="王社工")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", is_reviewer=True)


@pytest.fixture
def evaluator(db):
    return UserFactory(username="evaluator", is_evaluator=True)


def child_fields(**overrides) -> dict:
    """What the add-child form's service call receives for a child without overrides."""
    values = {
        "categories": list(ChildCategory.objects.filter(code="left_behind")),
        "county": Region.objects.get(code="420102"),
        "township": "大智街道",
        "guardian_type": "grandparents",
        "school_stage": "primary",
        "consent_date": timezone.localdate(),
        "consent_by": "grandparent",
    }
    values.update(overrides)
    return values
