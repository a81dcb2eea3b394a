"""Acceptance (issue 11, points 1, 2 and 5): the police officer files a signal on a 390 px phone
and on a desktop. The urgency options are readable and stay out of the next section, languages
are found by their Dutch name (and chosen without JavaScript too), and errors inside folded
sections open them, all at once, with the summary linking to each input. A screenshot of each
step goes to ``screenshot_dir``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import PHONE
from tests.live import LiveApp

pytestmark = pytest.mark.slow
Login = Callable[[Page, str], None]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEVICES = {"phone": PHONE, "desktop": {"viewport": {"width": 1280, "height": 900}}}


@pytest.fixture(params=["phone", "desktop"])
def police(request: pytest.FixtureRequest, browser: Browser, login: Login) -> Iterator[Page]:
    context = browser.new_context(**DEVICES[request.param], locale="nl-NL")  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(20_000)
    login(page, "demo-politie")
    page.device = request.param  # type: ignore[attr-defined]
    yield page
    context.close()


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, locator
    return {key: float(found[key]) for key in ("x", "y", "width", "height")}


def shot(page: Page, folder: Path, step: str) -> None:
    page.screenshot(path=str(folder / f"signal-{page.device}-{step}.png"), full_page=True)  # type: ignore[attr-defined]


def assert_options_readable(page: Page, group: str, *, min_width: float) -> None:
    """Each option of a radio/checkbox group is a line of its own width, its text inside it."""
    labels = page.locator(f"#{group} label")
    assert labels.count() >= 2
    boxes = [box(labels.nth(i)) for i in range(labels.count())]
    for i, found in enumerate(boxes):
        assert found["width"] >= min_width, (group, i, found)
        overflow = labels.nth(i).evaluate("el => el.scrollWidth - el.clientWidth")
        assert overflow <= 1, (group, i, overflow)
    for a, b in zip(boxes, boxes[1:], strict=False):  # no two options on top of each other
        assert (
            a["y"] + a["height"] <= b["y"] + 1
            or b["y"] + b["height"] <= a["y"] + 1
            or a["x"] + a["width"] <= b["x"] + 1
        ), (group, a, b)


def test_the_police_officer_files_a_signal(
    police: Page, live_app: LiveApp, screenshot_dir: Path
) -> None:
    page = police
    page.goto(f"{live_app.url}/signaal/")
    shot(page, screenshot_dir, "1-form")

    # Point 1: the urgency choice reads as two options and stays above the next section.
    assert_options_readable(page, "id_urgency", min_width=250)
    urgency = box(page.locator("#id_urgency-group"))
    where = box(page.get_by_role("group", name="Waar en welke uitbuiting"))
    assert urgency["y"] + urgency["height"] <= where["y"], (urgency, where)
    assert_options_readable(page, "id_exploitation", min_width=150)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]  # type: ignore[index]

    # Point 2: languages by their Dutch name, with a filter box.
    page.get_by_text("Meer over de persoon").click()
    search = page.get_by_label("Zoek een taal")
    expect(search).to_be_visible()
    spanish = page.get_by_label("Spaans", exact=True)
    english = page.get_by_label("Engels", exact=True)
    search.fill("spa")
    expect(spanish).to_be_visible()
    expect(english).to_be_hidden()
    spanish.check()
    search.fill("engel")
    expect(english).to_be_visible()
    expect(spanish).to_be_visible()  # a chosen language stays in sight
    english.check()
    shot(page, screenshot_dir, "2-languages")

    # Point 5: errors in folded sections, all at once, the summary linking to each input.
    page.fill("#id_age", "0")
    future = (dt.datetime.now(AMSTERDAM).date() + dt.timedelta(days=30)).isoformat()
    page.fill("#id_identified_on", future)
    page.get_by_text("Identiteit (indien bekend").click()
    page.fill("#id_bsn", "123")
    page.fill("#id_callback_name", "Agent Fictief")
    page.fill("#id_callback_phone", "onbekend")
    page.get_by_text("Meer over de persoon").click()  # fold both sections again
    page.get_by_text("Identiteit (indien bekend").click()
    page.get_by_role("button", name="Signaal versturen").click()
    summary = page.get_by_role("alert").filter(has_text="Niet opgeslagen")
    expect(summary).to_be_visible()
    fields = ("found_municipality", "exploitation_0", "callback_phone", "age", "identified_on")
    for field in (*fields, "bsn"):
        expect(summary.locator(f'a[href="#id_{field}"]')).to_have_count(1)
    for section in ("Meer over de persoon", "Identiteit (indien bekend"):
        expect(page.locator("details", has_text=section)).to_have_attribute("open", "")
    expect(page.get_by_label("Spaans", exact=True)).to_be_checked()
    shot(page, screenshot_dir, "3-errors")
    summary.locator('a[href="#id_age"]').click()
    expect(page.locator("#id_age")).to_be_in_viewport()
    expect(page.locator("#id_age")).to_be_visible()
    summary.locator('a[href="#id_exploitation_0"]').click()
    expect(page.locator("#id_exploitation_0")).to_be_in_viewport()
    shot(page, screenshot_dir, "4-error-link")

    page.select_option("#id_found_municipality", "GM0363")
    page.check("input[name=exploitation][value=labour]")
    page.fill("#id_callback_phone", "06 1234 5678")
    page.fill("#id_age", "31")
    page.fill("#id_identified_on", dt.datetime.now(AMSTERDAM).date().isoformat())
    page.fill("#id_bsn", "")
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_test_id("case-number")).to_be_visible()
    shot(page, screenshot_dir, "5-sent")


def test_languages_can_be_chosen_without_javascript(
    browser: Browser, login: Login, live_app: LiveApp, screenshot_dir: Path
) -> None:
    context = browser.new_context(**PHONE, locale="nl-NL", java_script_enabled=False)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        login(page, "demo-politie")
        page.goto(f"{live_app.url}/signaal/")
        page.check("input[name=urgency][value=normal]")
        page.select_option("#id_found_municipality", "GM0363")
        page.check("input[name=exploitation][value=labour]")
        page.fill("#id_callback_name", "Agent Fictief")
        page.fill("#id_callback_phone", "06 1234 5678")
        page.get_by_text("Meer over de persoon").click()
        expect(page.locator("[data-filter-for=id_languages]")).to_be_hidden()
        polish = page.get_by_label("Pools", exact=True)
        polish.scroll_into_view_if_needed()
        polish.check()
        page.screenshot(
            path=str(screenshot_dir / "signal-phone-nojs-languages.png"), full_page=True
        )
        page.get_by_role("button", name="Signaal versturen").click()
        expect(page.get_by_test_id("case-number")).to_be_visible()
    finally:
        context.close()
