"""What the sheet says, per track and language: the deadline in that language's own form, the
CoMensha line and 112, and never a shelter's name, a street address or a person's name."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from babel.dates import format_date
from django.test import override_settings

from tests.infosheet.conftest import PERSONAL_NAMES, SHELTER_NAMES, STREET_ADDRESS
from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.infosheet.render import case_sheet, general_sheet, sheet_text
from veiligeplek.infosheet.texts import LANGUAGE_CODES, catalogue

Routed = Callable[..., tuple[CaseFacts, RoutingDecision]]
MARIA_ENDS = dt.date(2027, 2, 26)  # identified 2026-11-28 + 90 days, as the decision gives
NUMBER = "VP-K7M3-Q9TX"


def sheet_for(routed: Routed, name: str, code: str, **changes: object) -> str:
    """The sheet as plain text, without the invisible marks that hold numbers together in
    right-to-left text (tested on their own below)."""
    facts, decision = routed(name, **changes)
    text = sheet_text(case_sheet(facts, decision, catalogue()[code], NUMBER))
    return (
        text.replace("\u2066", "")
        .replace("\u2069", "")
        .replace("\u2060", "")
        .replace("\u00a0", " ")
    )


def main_part(text: str, code: str) -> str:
    """Only her language's lines: the companion lines follow a ``[Nederlands]`` marker."""
    if code == "nl":
        return text
    return "\n".join(block.split("\n[")[0] for block in text.split("\n== "))


def assert_nothing_identifying(text: str) -> None:
    for name in SHELTER_NAMES + PERSONAL_NAMES:
        assert name not in text, name
    assert not re.search(STREET_ADDRESS, text), re.search(STREET_ADDRESS, text)
    assert not re.search(r"\b06[ -]?\d{4}", text)  # no mobile (personal) phone numbers


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_maria_is_told_her_reflection_deadline_in_her_language_s_own_date_form(
    routed: Routed, code: str
) -> None:
    facts, decision = routed("maria")
    assert decision.reflection_period and decision.reflection_period.ends_on == MARIA_ENDS
    language = catalogue()[code]
    text = main_part(sheet_for(routed, "maria", code), code)
    ends = format_date(MARIA_ENDS, format="long", locale=language.babel_locale)
    assert ends in text
    assert "90" in text
    for key in ("report", "b8", "interpreter", "legal_aid", "medical", "shelter_aliens"):
        assert language.texts[key] in text, key
    assert "0800-000 00 00" in text and "112" in text
    assert language.texts["phone_fictitious"] in text
    assert NUMBER in text
    assert_nothing_identifying(text)


def test_maria_in_spanish_is_told_her_period_her_choice_and_her_interpreter(
    routed: Routed,
) -> None:
    text = main_part(sheet_for(routed, "maria", "es"), "es")
    assert "periodo de reflexión de 90 días" in text
    assert "termina el 26 de febrero de 2027" in text
    assert "Denunciar es su decisión. Nadie puede obligarle." in text
    assert "Tiene derecho a un intérprete." in text


def test_radek_in_polish_and_sandra_in_dutch_hear_whom_to_call(routed: Routed) -> None:
    polish = sheet_for(routed, "radek", "pl")
    assert "Masz prawo do schronienia i pomocy przez gminę." in polish
    assert "Zadzwoń pod 112" in polish and "okres do namysłu" not in main_part(polish, "pl")
    dutch = sheet_for(routed, "sandra", "nl")
    assert "U hebt recht op opvang en hulp via de gemeente." in dutch
    assert "Bel 112" in dutch and "bedenktijd" not in dutch


@pytest.mark.parametrize("code", LANGUAGE_CODES)
@pytest.mark.parametrize("name", ["radek", "sandra"])
def test_the_municipal_track_has_no_reflection_period_but_shelter_through_the_municipality(
    routed: Routed, name: str, code: str
) -> None:
    language = catalogue()[code]
    text = main_part(sheet_for(routed, name, code), code)
    assert language.texts["shelter_wmo"] in text
    assert language.texts["call_112"] in text and "0800-000 00 00" in text
    reflection_start = language.texts["reflection"].split("{")[0]
    assert reflection_start not in text
    assert format_date(MARIA_ENDS, format="long", locale=language.babel_locale) not in text
    assert_nothing_identifying(text)


@pytest.mark.parametrize("code", LANGUAGE_CODES)
@pytest.mark.parametrize("name", ["maria", "amir"])
def test_a_minor_gets_the_children_s_version(routed: Routed, name: str, code: str) -> None:
    language = catalogue()[code]
    text = main_part(sheet_for(routed, name, code, age=15), code)
    assert text.startswith(language.texts["child_title"])
    assert language.texts["child_call_112"] in text
    assert language.texts["child_interpreter"] in text
    if name == "maria":
        assert language.texts["child_guardian"] in text
        assert format_date(MARIA_ENDS, format="long", locale=language.babel_locale) in text
    else:
        assert language.texts["child_youth"] in text
    if code != "en":  # English uses "you" for both
        assert language.texts["who"] not in text  # not the adult wording
    assert_nothing_identifying(text)


def test_with_a_dublin_indication_the_period_is_30_days_and_says_why(routed: Routed) -> None:
    text = main_part(sheet_for(routed, "maria", "es", dublin_indication=True), "es")
    assert "30 días" in text and "28 de diciembre de 2026" in text
    assert catalogue()["es"].texts["reflection_dublin"] in text


def test_who_cannot_report_hears_of_the_humanitarian_route(routed: Routed) -> None:
    assert catalogue()["en"].texts["humanitarian"] in sheet_for(
        routed, "maria", "en", cannot_report=True
    )
    assert catalogue()["en"].texts["humanitarian"] not in sheet_for(routed, "maria", "en")


def test_a_drafted_translation_comes_with_the_dutch_text_or_english_when_she_reads_it(
    routed: Routed,
) -> None:
    facts, decision = routed("maria")
    sheet = case_sheet(facts, decision, catalogue()["es"], NUMBER)
    assert sheet.companion is not None and sheet.companion.language.code == "nl"
    facts, decision = routed("maria", languages=["es", "en"])
    sheet = case_sheet(facts, decision, catalogue()["es"], NUMBER)
    assert sheet.companion is not None and sheet.companion.language.code == "en"
    assert case_sheet(facts, decision, catalogue()["nl"], NUMBER).companion is None


def test_in_arabic_the_phone_and_case_numbers_keep_their_left_to_right_order(
    routed: Routed,
) -> None:
    def raw(code: str) -> str:
        facts, decision = routed("maria")
        return sheet_text(case_sheet(facts, decision, catalogue()[code], NUMBER))

    text = raw("ar")
    assert "\u20660800-\u2060000\u00a000\u00a000\u2069" in text
    assert "\u2066VP-\u2060K7M3-\u2060Q9TX\u2069" in text
    assert "\u2066" not in raw("es") and NUMBER in raw("es")


@override_settings(COMENSHA_PHONE="+31 33 000 0000")
def test_a_configured_helpline_is_printed_without_the_fictitious_mark(routed: Routed) -> None:
    text = sheet_for(routed, "maria", "nl")
    assert "+31 33 000 0000" in text
    assert catalogue()["nl"].texts["phone_fictitious"] not in text


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_the_general_version_has_no_case_no_date_and_no_number(code: str) -> None:
    sheet = general_sheet(catalogue()[code])
    text = sheet_text(sheet)
    assert sheet.number is None and NUMBER not in text
    assert not re.search(r"\b20\d\d\b", text.split("http")[0])  # no year: no date
    assert catalogue()[code].texts["public_reflection"] in text
    assert_nothing_identifying(text)
