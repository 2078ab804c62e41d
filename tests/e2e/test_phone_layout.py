"""Issue 10, item 10, on every page a role reaches, not only the ones first complained about: at 390 px the page
never scrolls sideways (a wide table scrolls inside its own box or becomes cards), and no form asks for a Ctrl-click
list box. Each role follows the links of its own pages (a bounded walk from the home page and the portal), so a new
page is covered as soon as it is linked."""

import re
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from .site import Site

# Links that change something or leave the HTML site; a GET never should, but a walk has no business there.
SKIP = re.compile(
    r"/(logout|cms-admin|django-admin|static|media|i18n|api/)|format=|\.(xlsx|csv|pdf|zip)\b|download|export|/s/|"
    r"print|sheet|template|/accounts/(password|security|two-factor|confirm)"
)
PAGES_PER_ROLE = 80
# Content pages by slug: one of each kind is enough (a brand page, a news item, a policy).
SLUGS = re.compile(r"^/((?:programs/)?brands|news|policies)/[^/]+/$")

PAGE_FACTS = """() => {
  const width = document.documentElement.clientWidth;  // a phone widens innerWidth to fit an overflow
  const escaping = [];
  document.querySelectorAll('body *').forEach((element) => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) return;
    // An absolutely placed box escapes a scrolling parent unless that parent is positioned: report it.
    const placed = getComputedStyle(element).position === 'absolute';
    for (let parent = element.parentElement; parent && !placed; parent = parent.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(parent).overflowX)) return;
    }
    escaping.push(element.tagName.toLowerCase() + (element.className ? '.' + element.className : ''));
  });
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width,
    escaping: escaping.slice(0, 3),
    listBoxes: [...document.querySelectorAll('select[multiple]')].map((s) => s.name),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
  };
}"""


def walk(site: Site, starts: list[str]) -> list[str]:
    """Visit up to PAGES_PER_ROLE pages, one per URL shape (/grants/3/ and /grants/7/ count once, so do two news
    items); return the problems found."""
    problems, seen, queue = [], set(), list(starts)
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.pop(0)
        shape = SLUGS.sub(r"/\1/SLUG/", re.sub(r"\d+", "N", urlparse(path).path))
        if shape in seen:
            continue
        seen.add(shape)
        try:
            response = site.page.goto(site.base_url + path)
        except PlaywrightError as error:  # a file offered for download is no page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or response.status >= 400:
            continue
        facts = site.page.evaluate(PAGE_FACTS)
        if facts["scrollWidth"] > facts["width"] + 1:
            problems.append(f"{path} scrolls sideways to {facts['scrollWidth']}px {facts['escaping']}")
        if facts["listBoxes"]:
            problems.append(f"{path} has Ctrl-click list boxes {facts['listBoxes']}")
        for href in facts["links"]:
            target = urljoin(site.base_url + path, href)
            if target.startswith(site.base_url) and not href.startswith("#") and not SKIP.search(target):
                queue.append(target[len(site.base_url) :].split("#")[0])
    return problems


EDITABLE_APPLICATIONS = """() => [...document.querySelectorAll('tbody tr')]
  .filter((row) => /草稿|退回修改/.test(row.innerText))
  .map((row) => row.querySelector('a[href]').getAttribute('href') + 'edit/')"""


def budget_forms(site: Site) -> list[str]:
    """The application forms an organization may still edit (the budget table the issue began with)."""
    site.go("/programs/applications/")
    return site.page.evaluate(EDITABLE_APPLICATIONS)


@pytest.mark.parametrize(
    "username",
    ["", "org_wuhan_admin", "officer_wuhan", "officer_hubei2", "reviewer_zhang", "evaluator_li", "director_dazhi"],
)
def test_no_page_a_role_reaches_scrolls_sideways_on_a_phone(browser, base_url, screenshots, username):
    site = Site(browser, base_url, screenshots, phone=True, name=username or "public")
    try:
        if username:
            site.login(username)
        starts = ["/portal/", "/"] if username else ["/", "/programs/calls/", "/grants/projects/"]
        if username.startswith("org_"):
            starts = budget_forms(site) + starts
        problems = walk(site, starts)
        assert problems == []
    finally:
        site.close()
