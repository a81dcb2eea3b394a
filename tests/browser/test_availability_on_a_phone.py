"""Acceptance (foundation): a shelter user marks a place occupied on a phone, and the national
overview shows one fewer free place."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.live import LiveApp

pytestmark = pytest.mark.slow


def free_total(page: Page, app: LiveApp) -> int:
    page.goto(f"{app.url}/overzicht/")
    return int(page.get_by_test_id("free-total").inner_text())


def test_a_shelter_user_marks_a_bed_occupied_and_the_overview_drops_by_one(
    phone: Page, login: Callable[[Page, str], None], live_app: LiveApp
) -> None:
    login(phone, "demo-opvang-essm")
    phone.goto(f"{live_app.url}/beschikbaarheid/")
    # Make the location current first, so that its free beds count as "free now".
    phone.get_by_role("button", name="Alles klopt nog").first.click()
    before = free_total(phone, live_app)

    phone.goto(f"{live_app.url}/beschikbaarheid/")
    # The last free bed: the demo's waiting referral holds the first one (a held bed is refused).
    free_bed = phone.locator('[data-group="cosm-essm"] li[data-status="free"]').last
    bed_number = free_bed.get_attribute("data-bed")
    free_bed.get_by_role("button", name="Bezet").click()  # the second click
    expect(phone.get_by_role("status")).to_contain_text(f"Bed {bed_number}: Bezet")
    expect(
        phone.locator(f'[data-group="cosm-essm"] li[data-bed="{bed_number}"]')
    ).to_have_attribute("data-status", "occupied")

    assert free_total(phone, live_app) == before - 1
    phone.get_by_role("status")  # the page rendered on a phone without horizontal scrolling
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_the_map_draws_without_network(
    desktop: Page, login: Callable[[Page, str], None], live_app: LiveApp
) -> None:
    requests: list[str] = []
    desktop.on("request", lambda request: requests.append(request.url))
    login(desktop, "demo-beleid")
    desktop.goto(f"{live_app.url}/overzicht/")
    expect(desktop.locator("#vp-map svg path.vp-gm")).to_have_count(342)
    expect(desktop.locator("#vp-map svg g.vp-loc")).to_have_count(21)
    assert all(url.startswith(live_app.url) for url in requests), requests
