"""Acceptance (information sheet): a coordinator opens Maria's case on a phone, chooses
Spanish and shows the sheet full-screen; the audit log has the event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from babel.dates import format_date
from playwright.sync_api import Page, expect

from tests.live import LiveApp

pytestmark = pytest.mark.slow
MARIA = (
    "from veiligeplek.cases.models import Case; c = Case.objects.filter("
    "facts__languages=['es'], closed_at__isnull=True, is_demo=True)"
    ".order_by('created_at').first(); "
    "print(c.number, c.reflection_ends_on.isoformat())"
)
EVENTS = (
    "from veiligeplek.audit.models import AuditEvent; print(AuditEvent.objects.filter("
    "object_pseudonym='{number}', section='informatieblad es', action='read', "
    "actor_username='demo-comensha').count())"
)


def shell(live_app: LiveApp, code: str) -> str:
    return live_app.command("shell", "--no-imports", "-c", code).stdout.strip().splitlines()[-1]


def spanish_date(iso: str) -> str:
    return format_date(dt.date.fromisoformat(iso), format="long", locale="es")


def test_the_coordinator_shows_maria_the_spanish_sheet_full_screen_on_a_phone(
    phone: Page, login: Callable[[Page, str], None], live_app: LiveApp
) -> None:
    number, ends_on = shell(live_app, MARIA).split()
    page = phone
    login(page, "demo-comensha")
    page.goto(f"{live_app.url}/casussen/{number}/")
    section = page.get_by_test_id("info-sheet-section")
    expect(section).to_contain_text("Informatie voor het slachtoffer")
    section.get_by_label("Taal").select_option("es")
    section.get_by_role("button", name="Toon op volledig scherm").click()

    sheet = page.get_by_test_id("info-sheet")
    expect(sheet).to_have_attribute("data-language", "es")
    expect(sheet).to_contain_text(spanish_date(ends_on))  # her deadline, the Spanish way
    expect(sheet).to_contain_text("Tiene derecho a un intérprete.")
    expect(page.get_by_test_id("translation-status")).to_contain_text("drafted")
    page.get_by_test_id("fullscreen").click()
    page.wait_for_function("document.fullscreenElement !== null")
    assert page.evaluate("document.fullscreenElement.id") == "vp-sheet-page"
    expect(page.get_by_test_id("sheet-toolbar")).to_be_hidden()  # only the sheet on screen
    box = sheet.bounding_box()
    assert box is not None and box["width"] >= 350  # the phone's width, not a thumbnail

    events = shell(live_app, EVENTS.format(number=number))
    assert events == "1"
