"""Acceptance (issue 11): Maria's B8 handover end to end, on a 390 px phone and a desktop.

CoMensha placed Maria on a COSM place and corrects her facts (report filed, B8 permit): the
route becomes the municipal track, the case goes to the Amsterdam on-duty coordinator, who finds
it in her inbox and her list; CoMensha still sees the placement it made, read-only, and no
longer sees the case once Maria has left that bed. A screenshot of every step goes to
``screenshot_dir`` (``VP_SCREENSHOT_DIR``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.live import LiveApp

pytestmark = pytest.mark.slow

# A fresh Maria-like fictitious case, placed by CoMensha on COSM (the demo's own Maria stays
# untouched for the other journeys).
NEW_MARIA = """
from veiligeplek.accounts.models import User
from veiligeplek.audit.services import AuditContext
from veiligeplek.cases.services import intake, placement
from veiligeplek.registry.models import PlaceGroup
def ctx(name):
    return AuditContext(user=User.objects.get(username=name), client_address="test", purpose="t")
facts = {"gender": "female", "age": 27, "nationality": "CO", "found_municipality": "GM0363",
         "exploitation": ["sexual"], "languages": ["es"], "safety_risk": "high"}
case = intake.signal_submit(ctx=ctx("demo-politie"), facts_data=facts, urgency="crisis",
    callback_name="Fictieve agent", callback_phone="0900 000 0000")
intake.signal_pick_up(ctx=ctx("demo-comensha"), case=case)
placement.placement_create(ctx=ctx("demo-comensha"), case=case,
    group=PlaceGroup.objects.get(external_id="cosm-ctm-v"))
print(case.number)
"""


def shell(live_app: LiveApp, code: str) -> str:
    return live_app.command("shell", "--no-imports", "-c", code).stdout.strip().splitlines()[-1]


@pytest.fixture
def page_as(page_for: Callable[..., Page], request: pytest.FixtureRequest) -> Callable[[str], Page]:
    """A logged-in page per user, on the device of the test's parameter."""
    phone = request.node.callspec.params["device"] == "phone"
    return lambda username: page_for(username, phone=phone)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_marias_b8_moves_her_case_to_amsterdam_and_comensha_keeps_only_its_placement(
    page_as: Callable[[str], Page], live_app: LiveApp, screenshot_dir: Path, device: str
) -> None:
    number = shell(live_app, NEW_MARIA)
    case_url = f"{live_app.url}/casussen/{number}/"

    def shot(page: Page, step: str) -> None:
        page.screenshot(path=str(screenshot_dir / f"handover-{device}-{step}.png"), full_page=True)

    # 1. CoMensha corrects the facts: she filed a report and holds a B8 permit.
    comensha = page_as("demo-comensha")
    comensha.goto(case_url)
    comensha.get_by_role("link", name="Feiten corrigeren").click()
    comensha.select_option("#id_residence_permit", "b8")
    comensha.check("#id_report_filed")
    shot(comensha, "1-comensha-corrects-facts")
    comensha.get_by_role("button", name="Opslaan en opnieuw routeren").click()
    expect(comensha.get_by_test_id("case-number")).to_have_text(number)
    expect(comensha.get_by_test_id("read-only")).to_be_visible()
    expect(comensha.get_by_test_id("placement")).to_contain_text("CTM")
    expect(comensha.locator(f"form[action$='/casussen/{number}/uitstroom/']")).to_have_count(0)
    assert comensha.locator('[data-testid=timeline] li[data-kind="handed_over"]').count() == 1
    shot(comensha, "2-comensha-read-only-with-its-placement")

    # 2. The Amsterdam on-duty coordinator finds it in her inbox and in her own list.
    amsterdam = page_as("demo-zc-amsterdam")
    amsterdam.goto(f"{live_app.url}/inbox/")
    message = amsterdam.locator(f'[data-testid=inbox] li[data-case="{number}"]').first
    expect(message).to_contain_text("aan u overgedragen")
    shot(amsterdam, "3-amsterdam-inbox")
    amsterdam.goto(f"{live_app.url}/casussen/?toon=mijn")
    expect(amsterdam.get_by_test_id("cases")).to_contain_text(number)
    shot(amsterdam, "4-amsterdam-my-cases")
    amsterdam.goto(case_url)
    expect(amsterdam.get_by_test_id("read-only")).to_have_count(0)
    expect(amsterdam.get_by_role("link", name="Feiten corrigeren")).to_be_visible()

    # 3. Maria leaves the COSM bed (transfer): CoMensha no longer sees the case.
    shelter = page_as("demo-opvang-ctm")
    shelter.goto(case_url)
    shelter.select_option("#id_outflow", "transfer")
    shot(shelter, "5-shelter-registers-outflow")
    shelter.get_by_role("button", name="Verblijf beëindigen (uitstroom)").click()
    comensha.goto(case_url)
    expect(comensha.get_by_test_id("case-number")).to_have_count(0)
    shot(comensha, "6-comensha-no-longer-sees-the-case")
    comensha.goto(f"{live_app.url}/casussen/")
    expect(comensha.get_by_role("heading", level=1)).to_be_visible()
    assert number not in comensha.content()
    amsterdam.goto(case_url)
    expect(amsterdam.get_by_test_id("case-number")).to_have_text(number)
    shot(amsterdam, "7-amsterdam-still-holds-the-case")
