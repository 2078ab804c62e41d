import pytest

from tests.factories import OfficerFactory, make_grant


@pytest.fixture
def wuhan_officer2(db):
    """A second officer of the same bureau: releases what the first approved (four eyes)."""
    return OfficerFactory(username="officer_wuhan2", region_code="420100")


@pytest.fixture
def grant(wuhan_officer, organization):
    return make_grant(officer=wuhan_officer, application_kwargs={"organization": organization})


@pytest.fixture
def milestone(grant):
    return grant.milestones.get(order=1)
