"""Helpers for the browser tests: signing in (with the second factor when the site asks for it), screenshots, forms."""

import base64
import hashlib
import hmac
import re
import struct
import time
from pathlib import Path

from playwright.sync_api import Page, expect

PASSWORD = "guanai-demo-2026"  # the demo accounts' password (README)


def totp(key_b32: str, at: float | None = None) -> tuple[str, int]:
    """RFC 6238 code (SHA-1, 6 digits, 30 s) for a base32 key as an authenticator app computes it, and its step."""
    key = base64.b32decode(re.sub(r"\s", "", key_b32).upper() + "=" * (-len(re.sub(r"\s", "", key_b32)) % 8))
    step = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}", step


class Site:
    """One browser session of one person, with its screenshots numbered in the order they were taken."""

    counter = 0
    keys: dict[str, str] = {}  # username -> authenticator key read from the enrolment page
    used_steps: dict[str, int] = {}  # a code is accepted once: the next sign-in waits for a fresh one

    def __init__(self, browser, base_url: str, shots: Path, *, phone: bool = False, name: str = ""):
        from .conftest import DESKTOP, PHONE

        self.base_url = base_url
        self.shots = shots
        self.phone = phone
        self.name = name
        options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {"viewport": DESKTOP}
        self.context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
        self.context.set_default_timeout(20_000)
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def close(self):
        self.context.close()

    def go(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status < 400, f"GET {path}: {response and response.status}"
        return response

    def shot(self, label: str):
        """A full-page screenshot; for a phone session also one at the desktop width (the same page)."""
        from .conftest import DESKTOP, PHONE

        Site.counter += 1
        stem = f"{Site.counter:02d}-{label}"
        if self.phone:
            self.page.screenshot(path=self.shots / f"{stem}-phone.png", full_page=True)
            self.page.set_viewport_size(DESKTOP)
            self.page.screenshot(path=self.shots / f"{stem}.png", full_page=True)
            self.page.set_viewport_size(PHONE)
        else:
            self.page.screenshot(path=self.shots / f"{stem}.png", full_page=True)

    def submit(self, form_selector: str = "main form.stacked", button: str | None = None):
        """Click the form's submit button and wait for the next page."""
        form = self.page.locator(form_selector).last
        target = form.get_by_role("button", name=button) if button else form.locator("button[type=submit]").first
        with self.page.expect_navigation():
            target.click()

    def expect_message(self, text: str):
        expect(self.page.locator("body")).to_contain_text(text)

    # ---- signing in ---------------------------------------------------------------------------------------------
    def login(self, username: str, password: str = PASSWORD):
        self.go("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        with self.page.expect_navigation():
            self.page.locator("main form button[type=submit]").first.click()
        self.second_factor(username)
        assert "/accounts/login/" not in self.page.url, f"{username} could not sign in: {self.page.url}"

    def second_factor(self, username: str):
        """Enrol (officers must, in production) reading the manual key off the page, or verify with a fresh code."""
        page = self.page
        if "/two-factor/enrol/" in page.url:
            key = page.locator("figure.qr-code code").inner_text()
            Site.keys[username] = key
            page.fill("input[name=token]", self.code(username))
            with page.expect_navigation():
                page.locator("main form.stacked button[type=submit]").click()
            expect(page.locator("body")).to_contain_text("备用")  # the ten backup codes, shown once
            page.goto(self.base_url + "/portal/")
        elif "/two-factor/verify/" in page.url:
            page.fill("input[name=token]", self.code(username))
            with page.expect_navigation():
                page.locator("main form button[type=submit]").first.click()

    def code(self, username: str) -> str:
        key = Site.keys.get(username)
        assert key, f"{username} has a second factor this test did not set up (run against a fresh database)"
        code, step = totp(key)
        if Site.used_steps.get(username) == step:
            time.sleep(30 - time.time() % 30 + 0.5)
            code, step = totp(key)
        Site.used_steps[username] = step
        return code

    def confirm_if_asked(self, username: str, password: str = PASSWORD):
        """Sensitive actions may ask for the password (and a code) again."""
        page = self.page
        if "/accounts/confirm/" in page.url:
            page.fill("input[name=password]", password)
            if page.locator("input[name=token]").count():
                page.fill("input[name=token]", self.code(username))
            with page.expect_navigation():
                page.locator("main form button[type=submit]").first.click()
