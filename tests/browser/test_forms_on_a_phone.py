"""Acceptance (issue 11, point 1): every form of the app on a 390 px phone and a desktop. Radio
and checkbox groups read as options (no option squeezed, no text running out of its box), no
form scrolls sideways, and no wrapper carries an NL DS control class. A screenshot of each form
goes to ``screenshot_dir``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE
from tests.live import LiveApp

pytestmark = pytest.mark.slow
Login = Callable[[Page, str], None]
DEVICES = {"phone": PHONE, "desktop": {"viewport": {"width": 1280, "height": 900}}}
# Who sees which forms: (user, [(name, path)]). A path None is "the first case in the list".
FORMS: list[tuple[str, list[tuple[str, str | None]]]] = [
    (
        "demo-comensha",
        [
            ("routing", "/routering/"),
            ("search", "/zoeken/"),
            ("roster", "/rooster/"),
            ("break-glass", "/noodtoegang/"),
            ("case-adhoc-outflow", None),
        ],
    ),
    ("demo-opvang-essm", [("availability", "/beschikbaarheid/")]),
    ("demo-beheer", [("import", "/beheer/landschap/")]),
    ("demo-beleid", [("monitor", "/monitor/")]),
]

PROBLEMS = """() => {
  const problems = [];
  for (const el of document.querySelectorAll(".utrecht-radio-button, .utrecht-checkbox")) {
    if (el.tagName !== "INPUT") problems.push("control class on <" + el.tagName + ">");
  }
  const choices = "main input[type=radio], main input[type=checkbox]";
  for (const input of document.querySelectorAll(choices)) {
    const label = input.closest("label");
    if (!label || !label.getClientRects().length) continue;
    const width = label.getBoundingClientRect().width;
    const name = input.name + "=" + input.value;
    if (label.textContent.trim() && width < 100) problems.push("narrow " + name + ": " + width);
    if (label.scrollWidth > label.clientWidth + 1) problems.push("text overflows " + name);
  }
  if (document.documentElement.scrollWidth > window.innerWidth) problems.push("scrolls sideways");
  return problems;
}"""


def open_details(page: Page) -> None:
    page.evaluate("() => document.querySelectorAll('main details').forEach(d => d.open = true)")


@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize(("user", "forms"), FORMS, ids=[u for u, _ in FORMS])
def test_every_form_reads_as_options(
    browser: Browser,
    login: Login,
    live_app: LiveApp,
    screenshot_dir: Path,
    device: str,
    user: str,
    forms: list[tuple[str, str | None]],
) -> None:
    context = browser.new_context(**DEVICES[device], locale="nl-NL")  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        login(page, user)
        for name, path in forms:
            if path is None:
                page.goto(f"{live_app.url}/casussen/")
                page.locator("main table a.utrecht-link").first.click()
                expect(page.get_by_test_id("case-number")).to_be_visible()
            else:
                page.goto(f"{live_app.url}{path}")
            assert page.locator("main form").count() >= 1, name
            open_details(page)
            page.screenshot(path=str(screenshot_dir / f"form-{device}-{name}.png"), full_page=True)
            assert page.evaluate(PROBLEMS) == [], name
    finally:
        context.close()
