"""Playwright driving the system's Chromium (never `playwright install`) against `live_app`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import require_env
from tests.live import LiveApp

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test file. While Playwright's sync API is open, an event loop runs in
    the thread, and Django refuses database calls there (``SynchronousOnlyOperation``). The
    suite runs on several workers (``make test``), where a database test may follow a browser
    file on the same worker: the loop must end with the file. A launch costs about a second."""
    if not CHROMIUM.exists():
        if require_env("REQUIRE_BROWSER"):
            pytest.fail(
                f"REQUIRE_BROWSER is set but {CHROMIUM} is missing (apt-get install chromium)"
            )
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**PHONE, locale="nl-NL")  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where journeys write their step screenshots: ``VP_SCREENSHOT_DIR`` (CI sets it to a
    folder it keeps, outside the checkout), else a folder under pytest's temporary directory."""
    configured = os.environ.get("VP_SCREENSHOT_DIR", "").strip()
    folder = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def login(live_app: LiveApp) -> Callable[[Page, str], None]:
    def sign_in(page: Page, username: str) -> None:
        """Password, then (for roles that need it) the code of the demo authenticator."""
        page.goto(f"{live_app.url}/inloggen/")
        page.fill("#id_username", username)
        page.fill("#id_password", live_app.demo_password)
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: urlsplit(url).path != "/inloggen/")
        if urlsplit(page.url).path == "/inloggen/code/":
            page.fill("#id_code", live_app.otp_code(username))
            page.click("main button[type=submit]")
        page.wait_for_url(f"{live_app.url}/")

    return sign_in


@pytest.fixture
def page_for(browser: Browser, login: Callable[[Page, str], None]) -> Iterator[Callable[..., Page]]:
    """``page_for(username, phone=False)``: a page of a context of its own, logged in as that
    user, on a 390 px phone or a desktop; the contexts close after the test."""
    contexts = []

    def open_as(username: str, *, phone: bool = False) -> Page:
        options = PHONE if phone else {"viewport": {"width": 1280, "height": 900}}
        context = browser.new_context(**options, locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        login(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()
