"""In a real browser: the strict CSP breaks nothing (htmx loads the map, forms post) and a
coordinator's login takes the second factor before any page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.live import LiveApp

pytestmark = pytest.mark.slow


def test_the_strict_csp_reports_no_violation_while_htmx_loads_the_map(
    desktop: Page, login: Callable[[Page, str], None], live_app: LiveApp
) -> None:
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"} and "Content Security Policy" in message.text:
            problems.append(message.text)

    desktop.on("console", on_console)
    login(desktop, "demo-zc-flevoland")
    desktop.goto(f"{live_app.url}/overzicht/")
    expect(desktop.locator("#vp-map svg path.vp-gm")).to_have_count(342)
    desktop.goto(f"{live_app.url}/account/")
    expect(desktop.get_by_test_id("mfa-status")).to_contain_text("authenticator-app gekoppeld")
    assert problems == []


def test_a_coordinator_with_only_the_password_sees_the_code_step_not_the_cases(
    desktop: Page, live_app: LiveApp
) -> None:
    desktop.goto(f"{live_app.url}/inloggen/")
    desktop.fill("#id_username", "demo-comensha")
    desktop.fill("#id_password", live_app.demo_password)
    desktop.click("main button[type=submit]")
    desktop.wait_for_url(f"{live_app.url}/inloggen/code/?next=%2F")
    desktop.goto(f"{live_app.url}/casussen/")
    expect(desktop).to_have_url(f"{live_app.url}/inloggen/code/?next=%2Fcasussen%2F")
    expect(desktop.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)
    desktop.fill("#id_code", live_app.otp_code("demo-comensha"))
    desktop.click("main button[type=submit]")
    desktop.wait_for_url(f"{live_app.url}/casussen/")
    expect(desktop.get_by_role("heading", level=1)).to_be_visible()
