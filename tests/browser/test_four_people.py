"""Acceptance (referral workflow): the four people of the report, end to end in the browser,
against a server set up like `make run` (in the demo, the OMM and NLA places are full)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.live import LiveApp

pytestmark = pytest.mark.slow
Login = Callable[[Page, str], None]


def submit_signal(
    police: Page,
    app: LiveApp,
    *,
    found: str,
    exploitation: str,
    gender: str,
    age: str,
    nationality: str = "",
    registered: str = "",
    languages: str = "",
    permit: str = "",
    contra: str = "",
    multi: bool = False,
) -> str:
    police.goto(f"{app.url}/signaal/")
    police.check("input[name=urgency][value=crisis]")
    police.select_option("#id_found_municipality", found)
    if registered:
        police.select_option("#id_registered_municipality", registered)
    police.check(f"input[name=exploitation][value={exploitation}]")
    police.fill("#id_callback_name", "Agent Fictief")
    police.fill("#id_callback_phone", "06 1234 5678")
    police.get_by_text("Meer over de persoon").click()
    police.select_option("#id_gender", gender)
    police.fill("#id_age", age)
    if nationality:
        police.select_option("#id_nationality", nationality)
    if permit:
        police.select_option("#id_residence_permit", permit)
    for code in filter(None, languages.split(",")):
        police.check(f"input[name=languages][value={code.strip()}]")
    if contra:
        police.check(f"input[name=contra_indications][value={contra}]")
    if multi:
        police.check("#id_multi_problem")
    police.get_by_role("button", name="Signaal versturen").click()
    expect(police.get_by_test_id("case-number")).to_be_visible()
    return police.get_by_test_id("case-number").inner_text()


def open_case(page: Page, app: LiveApp, number: str) -> None:
    page.goto(f"{app.url}/casussen/{number}/")
    expect(page.get_by_test_id("case-number")).to_have_text(number)


def test_sandra_waits_for_omm_with_an_ad_hoc_place_and_is_proposed_first_when_one_frees(
    page_for: Callable[..., Page], live_app: LiveApp
) -> None:
    police = page_for("demo-politie", phone=True)
    sandra = submit_signal(
        police,
        live_app,
        found="GM0363",
        registered="GM0034",
        exploitation="sexual",
        gender="female",
        age="24",
        nationality="NL",
        contra="addiction",
        multi=True,
    )
    expect(police.get_by_test_id("assigned")).to_contain_text("Flevoland")
    assert police.evaluate("document.documentElement.scrollWidth") <= 390

    coordinator = page_for("demo-zc-flevoland")
    coordinator.goto(f"{live_app.url}/inbox/")
    expect(coordinator.get_by_test_id("inbox")).to_contain_text(sandra)
    open_case(coordinator, live_app, sandra)
    expect(coordinator.get_by_test_id("next-step")).to_contain_text("wachtlijst voor OMM")
    expect(
        coordinator.locator('[data-testid=category-status] [data-category="omm"]')
    ).to_have_attribute("data-status", "full")
    coordinator.get_by_role("button", name="Wachtlijst OMM (opvang multiproblematiek)").click()
    expect(coordinator.get_by_test_id("case-status")).to_have_attribute("data-status", "waiting")
    coordinator.select_option("#id_kind", "hotel")
    coordinator.fill("#id_reason", "OMM vol; verslaving sluit Wmo-plekken uit")
    coordinator.get_by_role("button", name="Ad-hocplek vastleggen").click()
    expect(coordinator.get_by_test_id("ad-hoc")).to_contain_text("Hotel")

    # Someone else is placed on an OMM bed that comes free, then leaves (outflow).
    shelter = page_for("demo-opvang-ctm")
    shelter.goto(f"{live_app.url}/beschikbaarheid/")
    shelter.locator('[data-group="omm-ctm"] li[data-bed="1"]').get_by_role(
        "button", name="Vrij"
    ).click()
    other = submit_signal(
        police,
        live_app,
        found="GM0363",
        registered="GM0363",
        exploitation="sexual",
        gender="female",
        age="31",
        nationality="NL",
        contra="addiction",
    )
    comensha = page_for("demo-comensha")
    open_case(comensha, live_app, other)
    comensha.locator('[data-place="omm-ctm"]').get_by_role("button", name="Plaats direct").click()
    expect(comensha.get_by_test_id("placement")).to_contain_text("HVO Querido CTM")
    shelter.goto(f"{live_app.url}/verwijzingen/")
    resident = shelter.locator(f'section[data-case="{other}"]')
    resident.locator("select[name=outflow]").select_option("second_phase")
    resident.get_by_role("button", name="Uitstroom vastleggen").click()

    comensha.goto(f"{live_app.url}/wachtlijst/")
    # The demo has an earlier, identical OMM wait: CoMensha resolved it elsewhere meanwhile.
    for number in comensha.locator("table a").all_inner_texts():
        if number not in (sandra, other):
            open_case(comensha, live_app, number)
            comensha.locator('[data-waiting="omm"]').get_by_role(
                "button", name="Van wachtlijst"
            ).click()
            comensha.goto(f"{live_app.url}/wachtlijst/")
    first = comensha.get_by_test_id("proposal").locator("li").first
    expect(first).to_have_attribute("data-case", sandra)
    expect(first).to_have_attribute("data-group", "omm-ctm")
    first.get_by_role("button", name="Bevestig plaatsing").click()
    open_case(comensha, live_app, sandra)
    expect(comensha.get_by_test_id("case-status")).to_have_attribute("data-status", "placed")


def test_maria_is_placed_by_comensha_on_a_female_cosm_place_with_her_deadline_and_reminders(
    page_for: Callable[..., Page], live_app: LiveApp
) -> None:
    police = page_for("demo-politie", phone=True)
    maria = submit_signal(
        police,
        live_app,
        found="GM0363",
        exploitation="sexual",
        gender="female",
        age="29",
        permit="none",
        languages="es",
    )
    comensha = page_for("demo-comensha")
    open_case(comensha, live_app, maria)
    expect(comensha.get_by_test_id("reflection")).to_contain_text("90 dagen, loopt af op")
    expect(comensha.locator('[data-flag="interpreter_needed"]')).to_be_visible()
    suitable = comensha.get_by_test_id("suitable").locator("li[data-eligible=true]")
    expect(suitable.first).to_have_attribute("data-place", "cosm-ctm-v")
    comensha.locator('[data-place="cosm-ctm-v"]').get_by_role(
        "button", name="Plaats direct"
    ).click()
    expect(comensha.get_by_test_id("placement")).to_contain_text("COSM")
    reminders = comensha.get_by_test_id("deadlines").locator('li[data-kind="reflection_reminder"]')
    expect(reminders).to_have_count(3)


def test_radek_goes_to_a_mens_place_because_the_nla_places_are_full(
    page_for: Callable[..., Page], live_app: LiveApp
) -> None:
    police = page_for("demo-politie", phone=True)
    radek = submit_signal(
        police,
        live_app,
        found="GM1783",
        exploitation="labour",
        gender="male",
        age="38",
        nationality="PL",
        languages="pl",
    )
    coordinator = page_for("demo-zc-haaglanden")
    open_case(coordinator, live_app, radek)
    expect(coordinator.get_by_test_id("next-step")).to_contain_text("NLA-plekken zijn vol")
    placeable = coordinator.get_by_role("button", name="Plaats direct")
    mens = (
        coordinator.get_by_test_id("suitable")
        .locator("li.vp-match--free")
        .filter(has=placeable)
        .first
    )
    expect(mens).to_contain_text("Mannenopvang")
    mens.get_by_role("button", name="Plaats direct").click()
    expect(coordinator.get_by_test_id("placement")).to_contain_text("Mannenopvang")


def test_amir_is_a_national_gap_placed_ad_hoc_and_counted(
    page_for: Callable[..., Page], live_app: LiveApp
) -> None:
    policy = page_for("demo-beleid")
    policy.goto(f"{live_app.url}/overzicht/")
    police = page_for("demo-politie", phone=True)
    amir = submit_signal(
        police,
        live_app,
        found="GM0772",
        registered="GM0772",
        exploitation="criminal",
        gender="male",
        age="19",
        nationality="NL",
    )
    coordinator = page_for("demo-zc-oostbrabant")
    open_case(coordinator, live_app, amir)
    expect(coordinator.get_by_test_id("national-gap")).to_be_visible()
    # Unsafe is no objection a shelter can waive: nothing is "almost", the reason is shown.
    expect(coordinator.get_by_test_id("almost")).to_have_count(0)
    expect(coordinator.get_by_test_id("unsuitable")).to_contain_text("criminele netwerk")
    coordinator.select_option("#id_kind", "other")
    coordinator.fill("#id_reason", "Geen passende opvang; onderduikadres via politie")
    coordinator.get_by_role("button", name="Ad-hocplek vastleggen").click()
    expect(coordinator.get_by_test_id("ad-hoc")).to_contain_text("Anders")
    policy.goto(f"{live_app.url}/overzicht/")
    # She reads the monitoring's protected count: "x", or a number of at least 10, never 1-9
    # (the exact count is the monitoring's, tests/monitor/test_overview_gaps.py).
    shown = policy.get_by_test_id("national-gap-count").inner_text().strip()
    assert shown == "x" or shown == "0" or int(shown) >= 10, shown
    expect(policy.get_by_test_id("gaps-protected")).to_be_visible()
