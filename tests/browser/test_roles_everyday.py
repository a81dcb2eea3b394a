"""Acceptance (issue 11, points 9–17): the shelter worker, the privacy officer, the administrator
and the policy officer walk their main task on a 390 px phone and on a desktop, against a
server set up like `make run`. Each step leaves a screenshot in ``screenshot_dir``
(``VP_SCREENSHOT_DIR``, which CI keeps as an artefact; else pytest's temporary directory)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE
from tests.live import LiveApp

pytestmark = pytest.mark.slow
Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], None]
DEVICES = ("phone", "desktop")


@pytest.fixture(params=DEVICES)
def device(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    options = PHONE if request.param == "phone" else {"viewport": {"width": 1280, "height": 900}}
    context = browser.new_context(**options, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield request.param, page
    context.close()


@pytest.fixture
def shot(screenshot_dir: Path, request: pytest.FixtureRequest) -> Shot:
    counter = iter(range(1, 100))
    test = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")

    def take(page: Page, step: str) -> None:
        page.screenshot(
            path=screenshot_dir / f"{test}-{next(counter):02d}-{step}.png", full_page=False
        )

    return take


def no_horizontal_scroll(page: Page, kind: str) -> None:
    if kind == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_shelter_staff_update_a_bed_in_place_and_record_an_outflow(
    device: tuple[str, Page], login: Login, live_app: LiveApp, shot: Shot
) -> None:
    kind, page = device
    login(page, "demo-opvang-essm")
    page.goto(f"{live_app.url}/beschikbaarheid/")
    shot(page, "availability")
    # The skip link stays out of sight until a keyboard user reaches it (point 17).
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert (skip.bounding_box() or {"width": 0})["width"] <= 1
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    assert (skip.bounding_box() or {"width": 0})["width"] > 10
    shot(page, "skip-link-on-focus")
    assert page.request.get(f"{live_app.url}/favicon.ico").ok
    # The heading fits on one line (point 11).
    heading = page.get_by_role("heading", level=1)
    height = heading.evaluate("h => h.getBoundingClientRect().height")
    line = heading.evaluate("h => parseFloat(getComputedStyle(h).lineHeight)")
    assert height < 1.5 * line, (height, line)
    # A bed far down the page: the tap swaps it and the page stays where it was.
    bed = page.locator('li.vp-bed[data-status="free"]').last
    number = bed.get_attribute("data-bed")
    group = bed.locator("xpath=ancestor::div[@data-group]").get_attribute("data-group")
    bed.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    assert before > 0
    url = page.url
    page.evaluate("window.vpMarker = 'kept'")
    bed.get_by_role("button", name="Bezet").click()
    changed = page.locator(f'[data-group="{group}"] li[data-bed="{number}"]')
    expect(changed).to_have_attribute("data-status", "occupied")
    status = page.get_by_role("status")
    expect(status).to_contain_text(f"Bed {number}: Bezet")
    expect(status).to_contain_text("Humanitas ESSM")
    assert page.url == url
    # No reload (the page's own state survives) and no jump back to the top, 7,000 px above
    # the last bed; only the height of the swapped bed may change (its buttons differ).
    assert page.evaluate("window.vpMarker") == "kept"
    expect(changed).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > before - 100
    shot(page, "bed-swapped-in-place")
    no_horizontal_scroll(page, kind)
    # Put the bed back, for the other journeys on the same server.
    changed.get_by_role("button", name="Vrij").click()
    expect(changed).to_have_attribute("data-status", "free")

    # Her referrals and residents speak of locations and beds, not of group codes.
    page.goto(f"{live_app.url}/verwijzingen/")
    shot(page, "referrals")
    no_horizontal_scroll(page, kind)
    expect(page.locator("main")).not_to_contain_text("cosm-")


def test_ctm_records_an_outflow_and_stays_on_her_pages(
    phone: Page, login: Login, live_app: LiveApp, shot: Shot
) -> None:
    login(phone, "demo-opvang-ctm")
    phone.goto(f"{live_app.url}/verwijzingen/")
    resident = phone.locator("section.vp-card[data-case]").first
    number = resident.get_attribute("data-case")
    shot(phone, "resident")
    resident.get_by_label("Uitstroom naar").select_option(label="Tweedefaseplek")
    resident.get_by_role("button", name="Uitstroom vastleggen").click()
    phone.wait_for_url(f"{live_app.url}/verwijzingen/")
    expect(phone.get_by_role("status")).to_contain_text(f"Uitstroom van {number} vastgelegd")
    shot(phone, "outflow-recorded")


def test_the_privacy_officer_finds_the_audit_log_in_her_menu(
    device: tuple[str, Page], login: Login, live_app: LiveApp, shot: Shot
) -> None:
    kind, page = device
    login(page, "demo-privacy")
    shot(page, "home")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Auditlog").click()
    page.wait_for_url(f"{live_app.url}/audit/")
    shot(page, "audit-log")
    page.goto(f"{live_app.url}/audit/gebruiker/demo-comensha/")
    table = page.get_by_test_id("audit-events")
    expect(table).to_contain_text("CoMensha (landelijke plaatsing)")
    cells = table.locator("td").all_inner_texts()
    assert "comensha" not in cells and "shelter_staff" not in cells
    assert "Noodtoegang noodtoegang" not in page.locator("main").inner_text()
    shot(page, "audit-of-a-user")
    no_horizontal_scroll(page, kind)


def test_the_administrator_keeps_the_roster_with_its_defaults(
    device: tuple[str, Page], login: Login, live_app: LiveApp, shot: Shot
) -> None:
    kind, page = device
    login(page, "demo-beheer")
    page.goto(f"{live_app.url}/rooster/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dienstrooster CoMensha (landelijk)")
    start, end = page.locator("#id_starts_at"), page.locator("#id_ends_at")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", start.input_value())
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", end.input_value())
    shot(page, "roster-defaults")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("Dienst toegevoegd")
    shot(page, "shift-added")
    # A shift of more than a day is refused, naming why.
    later = page.evaluate(
        "() => { const d = new Date(Date.now() + 30 * 3600e3); d.setSeconds(0, 0);"
        " return new Date(d - d.getTimezoneOffset() * 6e4).toISOString().slice(0, 16); }"
    )
    page.locator("#id_ends_at").fill(later)
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("main")).to_contain_text("Een dienst duurt hoogstens 24 uur")
    shot(page, "shift-too-long")
    no_horizontal_scroll(page, kind)


def test_the_policy_officer_sees_the_whole_map_in_dutch(
    device: tuple[str, Page], login: Login, live_app: LiveApp, shot: Shot
) -> None:
    kind, page = device
    login(page, "demo-beleid")
    page.goto(f"{live_app.url}/overzicht/")
    expect(page.locator("#vp-map svg g.vp-loc")).to_have_count(21)
    view_box = page.locator("#vp-map svg").get_attribute("viewBox") or ""
    assert "," not in view_box and len(view_box.split()) == 4
    for cx in page.locator("#vp-map svg circle").evaluate_all(
        "cs => cs.map(c => c.getAttribute('cx'))"
    ):
        float(cx)
    page.locator("#vp-map").scroll_into_view_if_needed()
    shot(page, "overview-map")
    page.goto(f"{live_app.url}/monitor/")
    maps = page.locator("figure.vp-map-figure svg")
    assert maps.count() >= 6
    numbers = maps.evaluate_all(
        "ss => ss.flatMap(s => [...s.querySelectorAll('circle')].map(c => c.getAttribute('cx')))"
    )
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers)
    shot(page, "monitoring-maps")
    no_horizontal_scroll(page, kind)


def test_shelter_staff_decline_the_waiting_referral_with_anders_on_a_phone(
    page_for: Callable[..., Page], live_app: LiveApp, shot: Shot
) -> None:
    """The demo leaves a referral waiting at Humanitas ESSM (point 12): "Anders" without an
    explanation is refused in Dutch naming the field, the choice stays "Anders"; with one, the
    decline is saved."""
    page = page_for("demo-opvang-essm", phone=True)
    page.goto(f"{live_app.url}/verwijzingen/")
    card = page.locator("section.vp-card[data-referral]").first
    expect(card).to_be_visible()
    number = card.get_attribute("data-case")
    referral = card.get_attribute("data-referral")
    expect(card.get_by_test_id("referral-facts")).to_contain_text("tolk nodig")
    shot(page, "referral-card")
    no_horizontal_scroll(page, "phone")
    decline = card.get_by_role("button", name="Afwijzen")
    box = decline.bounding_box()
    assert box is not None and box["height"] < 60  # one line on a phone, no wrapping
    card.get_by_label("Reden").select_option(label="Anders")
    decline.click()

    card = page.locator(f'section.vp-card[data-referral="{referral}"]')
    error = card.get_by_test_id("decline-error")
    expect(error).to_have_text("Toelichting: licht 'anders' toe")
    expect(card.get_by_label("Reden")).to_have_value("other")
    expect(card.get_by_label("Toelichting")).to_have_attribute("aria-invalid", "true")
    shot(page, "anders-without-explanation")
    no_horizontal_scroll(page, "phone")

    card.get_by_label("Toelichting").fill("Geen plek voor haar hulpvraag (fictief)")
    card.get_by_role("button", name="Afwijzen").click()
    page.wait_for_url(f"{live_app.url}/verwijzingen/")
    expect(page.get_by_role("status")).to_contain_text(f"{number} afgewezen")
    expect(page.locator(f'section.vp-card[data-referral="{referral}"]')).to_have_count(0)
    shot(page, "declined")
