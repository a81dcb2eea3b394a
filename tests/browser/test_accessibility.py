"""Accessibility (WCAG 2.1 AA): axe-core on every page the browser journeys visit, in Dutch and
English, on a phone (390 px) and a desktop, with no serious or critical violation; a signal and
a placement completed with the keyboard alone (Tab, Space, Enter and typing into fields), every
stop on the way visibly focused. Results per page go to ``A11Y_REPORT_DIR`` (tests/browser/axe.py).

These tests run against a server of their own: the keyboard placement takes a bed that the
journeys of test_four_people.py count on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.axe import axe_source, check_page, report_dir
from tests.browser.conftest import PHONE
from tests.browser.test_four_people import submit_signal
from tests.live import LiveApp, start_live_app

pytestmark = pytest.mark.slow
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
DEVICES = {"phone": PHONE, "desktop": DESKTOP}
MARIA = (
    "from veiligeplek.cases.models import Case; print(Case.objects.filter("
    "facts__languages=['es'], closed_at__isnull=True, is_demo=True)"
    ".order_by('created_at').first().number)"
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    yield from start_live_app(tmp_path_factory.mktemp("live-a11y"))


def sign_in(page: Page, app: LiveApp, username: str) -> None:
    page.goto(f"{app.url}/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", app.demo_password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: urlsplit(url).path != "/inloggen/")
    if urlsplit(page.url).path == "/inloggen/code/":
        page.fill("#id_code", app.otp_code(username))
        page.click("main button[type=submit]")
    page.wait_for_url(f"{app.url}/")


@pytest.fixture(scope="module")
def states(browser: Browser, app: LiveApp, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One login per user for the whole module (a second factor's code is good once per 30 s),
    kept as Playwright storage states."""
    folder = tmp_path_factory.mktemp("a11y-states")
    saved: dict[str, Path] = {}

    def state(username: str) -> Path:
        if username not in saved:
            context = browser.new_context(**DESKTOP)
            page = context.new_page()
            sign_in(page, app, username)
            saved[username] = folder / f"{username}.json"
            context.storage_state(path=str(saved[username]))
            context.close()
        return saved[username]

    return state


def journey_pages(app: LiveApp, maria: str, signal: str) -> list[tuple[str, str | None, str]]:
    """(label, user or None, path) of every page the browser journeys visit."""
    return [
        ("login", None, "/inloggen/"),
        ("signal form", "demo-politie", "/signaal/"),
        ("signal sent", "demo-politie", f"/signaal/{signal}/"),
        ("home coordinator", "demo-comensha", "/"),
        ("inbox", "demo-comensha", "/inbox/"),
        ("case list", "demo-comensha", "/casussen/"),
        ("case", "demo-comensha", f"/casussen/{maria}/"),
        ("info sheet", "demo-comensha", f"/casussen/{maria}/informatieblad/?taal=es"),
        ("waiting list", "demo-comensha", "/wachtlijst/"),
        ("search", "demo-comensha", "/zoeken/"),
        ("account", "demo-comensha", "/account/"),
        ("availability", "demo-opvang-ctm", "/beschikbaarheid/"),
        ("referrals", "demo-opvang-ctm", "/verwijzingen/"),
        ("overview", "demo-beleid", "/overzicht/"),
        ("monitor", "demo-beleid", "/monitor/"),
    ]


@pytest.fixture(scope="module")
def numbers(app: LiveApp) -> tuple[str, str]:
    """Maria's case number and a signal's, made once through the form's own service."""
    maria = app.command("shell", "--no-imports", "-c", MARIA).stdout.split()[-1]
    code = (
        "from veiligeplek.cases.models import Case; print(Case.objects.filter("
        "signal__submitted_by__username='demo-politie').order_by('-created_at').first().number)"
    )
    signal = app.command("shell", "--no-imports", "-c", code).stdout.split()[-1]
    return maria, signal


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_every_journey_page_has_no_serious_or_critical_axe_violation(
    device: str,
    language: str,
    browser: Browser,
    app: LiveApp,
    states: Any,
    numbers: tuple[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    source = axe_source()
    folder = report_dir(tmp_path_factory) / f"{language}-{device}"
    folder.mkdir(exist_ok=True)
    problems: list[str] = []
    contexts: dict[str | None, Any] = {}

    def page_of(user: str | None) -> Page:
        if user not in contexts:
            options: dict[str, Any] = dict(DEVICES[device])
            if user is not None:
                options["storage_state"] = str(states(user))
            context = browser.new_context(**options, locale="nl-NL")
            context.add_cookies([{"name": "django_language", "value": language, "url": app.url}])
            contexts[user] = context.new_page()
            contexts[user].set_default_timeout(20_000)
        page: Page = contexts[user]
        return page

    try:
        for label, user, path in journey_pages(app, *numbers):
            page = page_of(user)
            page.goto(f"{app.url}{path}")
            if label != "info sheet":  # the sheet is in the victim's language
                assert page.locator("html").get_attribute("lang") == language, label
            problems += check_page(page, source, folder, label)
        # The states in between: a refused signal form, the second-factor step, search results.
        police = page_of("demo-politie")
        police.goto(f"{app.url}/signaal/")
        police.locator("form.vp-facts button[type=submit]").click()
        expect(police.locator(".utrecht-form-field-error-message").first).to_be_visible()
        problems += check_page(police, source, folder, "signal form with errors")
        search = page_of("demo-comensha")
        search.goto(f"{app.url}/zoeken/")
        search.select_option("#id_found_municipality", "GM0363")
        search.check("input[name=exploitation][value=sexual]")
        search.locator("main form button[type=submit]").last.click()
        search.get_by_test_id("decision").wait_for()
        problems += check_page(search, source, folder, "search results")
        code_step = page_of(None)
        code_step.goto(f"{app.url}/inloggen/")
        code_step.fill("#id_username", "demo-zc-amsterdam")
        code_step.fill("#id_password", app.demo_password)
        code_step.click("main button[type=submit]")
        code_step.wait_for_url(lambda url: urlsplit(url).path == "/inloggen/code/")
        problems += check_page(code_step, source, folder, "second factor")
    finally:
        for page in contexts.values():
            page.context.close()
    assert problems == [], "\n".join(problems)


# --- keyboard only ----------------------------------------------------------------------------

FOCUSED = """selector => {
  const e = document.activeElement;
  if (!e || e === document.body) return {reached: false, visible: true, what: 'body'};
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
  const ring = s.boxShadow && s.boxShadow !== 'none';
  return {reached: e.matches(selector), visible: outline || ring,
          what: e.tagName + ' ' + (e.name || e.textContent.trim().slice(0, 40))};
}"""


def tab_to(page: Page, selector: str, *, limit: int = 150) -> None:
    """Press Tab until the element matching ``selector`` has the focus; every element that
    gets the focus on the way must show it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED, selector)
        assert focused["visible"], f"focus not visible on {focused['what']}"
        if focused["reached"]:
            return
    present = page.locator(selector).count()
    raise AssertionError(f"{limit} x Tab never reached {selector} ({present} on the page)")


def test_a_signal_is_sent_with_the_keyboard_alone_and_every_stop_shows_its_focus(
    browser: Browser, app: LiveApp, states: Any
) -> None:
    police_state = str(states("demo-politie"))
    context = browser.new_context(**PHONE, locale="nl-NL", storage_state=police_state)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        page.goto(f"{app.url}/signaal/")
        tab_to(page, "input[name=urgency][value=crisis]")
        page.keyboard.press("Space")
        tab_to(page, "#id_found_municipality")
        page.keyboard.type("Amsterdam")  # a select takes the typed name of its option
        tab_to(page, "input[name=exploitation][value=sexual]")
        page.keyboard.press("Space")
        tab_to(page, "#id_callback_name")
        page.keyboard.type("Agent Fictief")
        tab_to(page, "#id_callback_phone")
        page.keyboard.type("06 1234 5678")
        tab_to(page, "form.vp-facts button[type=submit]")
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("case-number")).to_be_visible()
    finally:
        context.close()


def test_a_placement_is_made_with_the_keyboard_alone(
    browser: Browser, app: LiveApp, states: Any
) -> None:
    police_state = str(states("demo-politie"))
    police = browser.new_context(**PHONE, locale="nl-NL", storage_state=police_state)  # type: ignore[arg-type]
    context = browser.new_context(
        **DESKTOP, locale="nl-NL", storage_state=str(states("demo-comensha"))
    )
    try:
        maria = submit_signal(
            police.new_page(),
            app,
            found="GM0363",
            exploitation="sexual",
            gender="female",
            age="29",
            permit="none",
            languages="es",
        )
        page = context.new_page()
        page.goto(f"{app.url}/casussen/{maria}/")
        tab_to(page, '[data-place="cosm-ctm-v"] form[action$="/plaatsen/"] button', limit=1000)
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("placement")).to_contain_text("COSM")
    finally:
        context.close()
        police.close()
