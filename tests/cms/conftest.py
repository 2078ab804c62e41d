"""Fixtures of the impact pages' tests: the hand-computed scenario of tests/factories/impact.py and a published
brand page over its brand."""

import pytest

from cms.models import HomePage
from cms.program_pages import BrandProgramIndexPage, BrandProgramPage
from tests.cms.pages import publish
from tests.factories.impact import impact_scenario


@pytest.fixture
def scenario(wuhan_officer):
    return impact_scenario(wuhan_officer)


@pytest.fixture
def brand_page(scenario):
    home = HomePage.objects.get()
    index = BrandProgramIndexPage.objects.first() or publish(
        home, BrandProgramIndexPage(title="品牌项目", slug="brands")
    )
    return publish(index, BrandProgramPage(title="童心同行", slug="tongxin", brand=scenario["brand"]))
