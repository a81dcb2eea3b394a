"""Acceptance (matching): a coordinator searches for Maria and sees the female COSM places
first, with the reason shown next to Yadeborg."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.live import LiveApp

pytestmark = pytest.mark.slow


def test_a_coordinator_searches_for_maria_and_sees_the_female_cosm_places_first(
    desktop: Page, login: Callable[[Page, str], None], live_app: LiveApp
) -> None:
    page = desktop
    login(page, "demo-zc-amsterdam")
    page.get_by_role("link", name="Plek zoeken").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plek zoeken")

    page.get_by_label("Gemeente waar aangetroffen").select_option("GM0363")  # Amsterdam
    page.get_by_label("seksuele uitbuiting").check()
    page.get_by_label("Geslacht").select_option("female")
    page.get_by_label("Verblijfsvergunning").select_option("none")
    page.get_by_label("Zoek een taal").fill("spaans")
    page.get_by_label("Spaans", exact=True).check()
    page.get_by_role("button", name="Zoek plekken").click()

    expect(page.get_by_test_id("decision")).to_contain_text("Bedenktijd")
    suitable = page.locator('[data-testid="suitable"] > li')
    expect(suitable).to_have_count(2)
    ids = [suitable.nth(i).get_attribute("data-place") or "" for i in range(2)]
    assert sorted(ids) == ["cosm-ctm-v", "cosm-essm"]  # nothing else fits her
    for i in range(2):
        expect(suitable.nth(i)).to_contain_text("COSM")

    unsuitable = page.get_by_test_id("unsuitable")
    yadeborg = unsuitable.locator('li[data-place="cosm-yadeborg"]')
    expect(yadeborg).to_be_hidden()  # collapsed until the coordinator opens it
    unsuitable.locator("summary").click()
    expect(yadeborg).to_be_visible()
    reason = yadeborg.locator('[data-reason="gender"]')
    expect(reason).to_be_visible()
    expect(reason).to_have_text("Deze plek neemt alleen mannen op.")
