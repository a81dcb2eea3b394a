"""Acceptance (monitoring): a policy officer of one municipality picks a period and sees, for
her region and nationally, the funnel, time to placement, declines, gaps and the maps, on a
phone and on a desktop, with no count from 1 to 9 and no case number, name or address; the maps
draw the same in Dutch and in English."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.live import LiveApp

pytestmark = pytest.mark.slow
SMALL = re.compile(r"(?<![\d.,<])[1-9](?![\d.,])")
CASE_NUMBER = re.compile(r"VP-[0-9A-Z]{4}-[0-9A-Z]{4}")


def person_counts_shown(page: Page) -> list[str]:
    """Texts of every table cell, chart and map label outside the registry's own sections
    (places and beds are facts about shelters, as on the national overview)."""
    texts = page.locator(
        "section.vp-section:not([data-kind=registry]) td:not(.vp-fact), "
        "section.vp-section:not([data-kind=registry]) svg text, "
        "figure[data-map]:not([data-kind=registry]) svg text"
    ).evaluate_all("elements => elements.map(e => e.textContent || '')")
    return [t for t in texts if SMALL.search(t)]


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_policy_officer_sees_her_region_and_the_nation_without_small_counts(
    device: str,
    request: pytest.FixtureRequest,
    login: Callable[[Page, str], None],
    live_app: LiveApp,
) -> None:
    page: Page = request.getfixturevalue(device)
    login(page, "demo-beleid-amsterdam")
    page.get_by_role("link", name="Monitoring").click()
    for scope in ("VT01", "national"):
        page.locator("#id_scope").select_option(scope)
        page.locator("#id_period").fill(page.locator("#id_period").input_value())
        page.get_by_role("button", name="Toon cijfers").click()
        page.get_by_test_id("funnel").wait_for()
        for heading in (
            "Trechter van signaal tot passende plek",
            "Doorlooptijden en afstanden",
            "Afwijzingen door opvang per reden en categorie",
            "Landelijk gat: casussen zonder enige passende plek, per profiel",
            "Kaarten",
        ):
            assert page.get_by_role("heading", name=heading).count() == 1, heading
        assert page.locator('figure[data-map="demand"] svg').count() == 1
        assert person_counts_shown(page) == []
        body = page.content()
        assert not CASE_NUMBER.search(body)
        assert "Fictiefstraat" not in body and "straat " not in body.lower()
        page.screenshot(
            path=str(live_app.var_dir / f"monitor-{device}-{scope}.png"), full_page=True
        )


def _map_shape(page: Page, map_id: str) -> tuple[str | None, int]:
    svg = page.locator(f'figure[data-map="{map_id}"] svg')
    return svg.get_attribute("viewBox"), svg.locator("circle").count()


def test_the_maps_draw_the_same_in_dutch_and_english(
    desktop: Page, login: Callable[[Page, str], None], live_app: LiveApp
) -> None:
    login(desktop, "demo-beleid")
    desktop.goto(f"{live_app.url}/monitor/")
    dutch = {m: _map_shape(desktop, m) for m in ("places-all", "places-cosm", "demand")}
    assert dutch["places-all"][1] > 10
    desktop.select_option("#language", "en")
    desktop.get_by_role("button", name="Kies taal").click()
    desktop.goto(f"{live_app.url}/monitor/")
    assert desktop.get_by_role("heading", name="Monitoring: signals, placements and shortages")
    english = {m: _map_shape(desktop, m) for m in dutch}
    assert english == dutch
    assert "," not in (dutch["places-all"][0] or "")
