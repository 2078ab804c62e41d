"""Screenshots of the pages with ECharts charts, taken once the charts have drawn: the officer dashboard, a brand
program page and the home page (each with its county map). Uses the demo data's grants and officer_wuhan."""

import pytest

from .site import Site

RENDERED = """([mapSelector, minimum]) => {
  const drawn = [...document.querySelectorAll('[data-chart]')].filter(b => !b.hidden && b.querySelector('canvas, svg'));
  return drawn.length >= minimum && document.querySelector(mapSelector + ' canvas, ' + mapSelector + ' svg') !== null;
}"""


def wait_for_charts(site: Site, map_selector: str, minimum: int):
    site.page.wait_for_function(RENDERED, arg=[map_selector, minimum], timeout=20_000)
    site.page.wait_for_timeout(1500)  # ECharts' entry animation
    assert not site.errors, site.errors


@pytest.fixture
def public(browser, base_url, screenshots):
    site = Site(browser, base_url, screenshots, name="public")
    yield site
    site.close()


def test_the_officer_dashboard_draws_its_charts_and_county_map(browser, base_url, screenshots):
    site = Site(browser, base_url, screenshots, name="officer_wuhan")
    try:
        site.login("officer_wuhan")
        site.go("/dashboard/")
        wait_for_charts(site, "[data-chart][data-geo-url]", minimum=4)
        site.shot("charts-dashboard")
    finally:
        site.close()


def test_a_brand_page_draws_its_figures_and_map(public):
    public.go("/brands/tongban-mama/")
    wait_for_charts(public, "[data-chart=map]", minimum=3)
    public.shot("charts-brand-tongban-mama")


def test_the_home_page_draws_its_county_map(public):
    public.go("/")
    wait_for_charts(public, "[data-chart=map]", minimum=1)
    public.shot("charts-home")
