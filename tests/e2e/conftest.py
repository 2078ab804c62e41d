"""The real-browser tests (Playwright for Python driving Debian's Chromium, headless; no browser download).

Skipped unless ``E2E=1`` (against the ``make run`` site at http://127.0.0.1:8000) or ``E2E_BASE_URL`` is set
(``bin/smoke`` sets it to the production profile it starts). They drive a running site; the only things done
outside the browser go through ``manage.py`` on the same machine (see ``server.py``).
"""

import os
from pathlib import Path

import pytest

BASE_URL = os.environ.get("E2E_BASE_URL") or ("http://127.0.0.1:8000" if os.environ.get("E2E") == "1" else "")
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", Path(__file__).resolve().parents[2] / "e2e-screenshots"))
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    if BASE_URL:
        return
    skip = pytest.mark.skip(reason="browser test: set E2E=1 (make run site) or E2E_BASE_URL")
    for item in items:
        if "tests/e2e/" in item.nodeid.replace("\\", "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def base_url():
    return BASE_URL.rstrip("/")


@pytest.fixture(scope="session")
def screenshots():
    """The screenshot directory, emptied of the previous run's pictures."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk (or set E2E_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()
