"""Issue 11, point 15 (and point 4's messages): with the English switch the domain's texts —
rule explanations, reasons per place, next steps, legal bases and labels, the date and age
refusals — show in English on the pages; a text without a translation shows in Dutch marked
"(Nederlands)"; the API, the CLI and stored texts stay Dutch (ADR 0018)."""

from __future__ import annotations

import html as html_module
import importlib
import json
import pkgutil
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

import veiligeplek.domain
from tests.cases.test_routing_page import SANDRA
from tests.cases.test_search_page import form_data
from veiligeplek.accounts.roles import Role
from veiligeplek.domain import rules, wording
from veiligeplek.registry.models import PlaceGroup
from veiligeplek.wording import MARKER, CatalogueSpeaker, say_text

ENGLISH = {"accept-language": "en"}


def domain_terms() -> list[wording.Term]:
    for module in pkgutil.walk_packages(veiligeplek.domain.__path__, "veiligeplek.domain."):
        importlib.import_module(module.name)
    return wording.registered()


def test_every_text_of_the_domain_and_the_rule_sets_has_an_english_translation() -> None:
    """Lists every missing English text: a marked domain text without an entry in the
    project's catalogue, or a rule of a shipped rule set without an English explanation."""
    speaker = CatalogueSpeaker("en")
    terms = domain_terms()
    assert len(terms) > 80
    missing = [
        f"{term.context}|{term}" if term.context else str(term)
        for term in terms
        if speaker.term(str(term), term.context) is None
    ]
    missing += [
        f"rule set {ruleset.version}: {rule.id}"
        for ruleset in rules.load_rulesets()
        for rule in ruleset.rules.values()
        if "en" not in rule.translations
    ]
    assert not missing, "no English for:\n" + "\n".join(missing)


def test_a_text_without_a_translation_shows_in_dutch_marked_as_such() -> None:
    untranslated = wording.Term("Een zin die niemand vertaalde (test)")
    sentence = wording.Sentence(wording.Term("%(a)s; %(b)s"), a=untranslated, b="x")
    with translation.override("en"):
        assert say_text(untranslated) == f"Een zin die niemand vertaalde (test) {MARKER}"
        # Never half translated: the whole text in Dutch, marked.
        assert say_text(sentence) == f"Een zin die niemand vertaalde (test); x {MARKER}"
        assert say_text(wording.Listing([wording.Term("vrouwen"), "x"])) == "women and x"
    with translation.override("nl"):
        assert say_text(untranslated) == "Een zin die niemand vertaalde (test)"


MARIA = {
    "found_municipality": "GM0363",
    "exploitation": ["sexual"],
    "gender": "female",
    "residence_permit": "none",
    "nationality": "CO",
    "languages": "es",
    "identified_on": "2026-11-28",
    "safety_risk": "normal",
}


def text_of(response: Any) -> str:
    html = response.content.decode()
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.django_db
def test_the_routing_page_explains_the_route_in_english(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.COMENSHA)
    english = text_of(client.post(reverse("cases:routing"), MARIA, headers=ENGLISH))
    assert (
        "The victim gets a reflection period of 90 days to decide on filing a report, from "
        "28 November 2026; the reflection period ends on 26 February 2027." in english
    )
    assert "As a third-country national (Colombia) without a valid residence permit" in english
    assert "The victim does not speak Dutch (Spanish): arrange an interpreter." in english
    assert "Authorised to place on the best suitable category, COSM (categorical shelter): " in (
        english
    )
    assert "heeft" not in english and MARKER not in english
    sandra = text_of(client.post(reverse("cases:routing"), SANDRA, headers=ENGLISH))
    assert "Because of addiction and multiple problems an OMM place" in sandra
    assert "Adult victim (24 years) with lawful residence" in sandra
    # Dutch stays the default, word for word as the rule set says.
    dutch = text_of(client.post(reverse("cases:routing"), MARIA, headers={"accept-language": "nl"}))
    assert "Het slachtoffer krijgt 90 dagen bedenktijd om te beslissen over aangifte" in dutch
    assert "(Colombia) zonder geldige verblijfsvergunning" in dutch


@pytest.mark.django_db
def test_a_rule_without_english_shows_its_dutch_text_marked(
    client_for: Callable[..., Client],
) -> None:
    ruleset = rules.load_rulesets()[-1]
    shipped = ruleset.rules
    rule = shipped[rules.RuleId.INTERPRETER]
    stripped = rules.Rule(rule.id, rule.valid_from, rule.explanation, rule.source)
    object.__setattr__(ruleset, "rules", {**shipped, rule.id: stripped})  # frozen: a test only
    try:
        client = client_for(Role.COMENSHA)
        english = text_of(client.post(reverse("cases:routing"), MARIA, headers=ENGLISH))
    finally:
        object.__setattr__(ruleset, "rules", shipped)
    assert f"Het slachtoffer spreekt geen Nederlands (Spaans): regel een tolk. {MARKER}" in english
    assert "The victim gets a reflection period of 90 days" in english


@pytest.mark.django_db
def test_the_search_page_gives_reasons_and_the_next_step_in_english(
    client_for: Callable[..., Client],
) -> None:
    PlaceGroup.objects.update(availability_updated_at=timezone.now())
    client = client_for(Role.COMENSHA)
    response = client.post("/zoeken/", form_data("maria"), headers=ENGLISH)
    english = text_of(response)
    step = response.context["result"].next_step.text
    assert say_in("en", step) in english
    assert say_in("en", step) != str(step)
    assert "This place takes only men." in english
    assert "Deze plek" not in english and MARKER not in english
    dutch = text_of(client.post("/zoeken/", form_data("maria"), headers={"accept-language": "nl"}))
    assert "Deze plek neemt alleen mannen op." in dutch


def say_in(language: str, value: object) -> str:
    with translation.override(language):
        return say_text(value)


@pytest.mark.django_db
def test_future_dates_and_impossible_ages_are_refused_in_english_on_the_routing_page(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.COMENSHA)
    bad = {**MARIA, "identified_on": "2099-01-01", "age": "0"}
    english = text_of(client.post(reverse("cases:routing"), bad, headers=ENGLISH))
    today = timezone.localdate().isoformat()
    assert (
        f"date in the future (2099-01-01); enter the day on which it happened, today ({today}) "
        "at the latest" in english
    )
    assert "must be between 1 and 120; leave it empty when the age is unknown" in english
    assert "datum in de toekomst" not in english
    dutch = text_of(client.post(reverse("cases:routing"), bad, headers={"accept-language": "nl"}))
    assert "datum in de toekomst (2099-01-01)" in dutch


@pytest.mark.django_db
def test_the_api_stays_dutch_whatever_the_language_asked(
    make_user: Callable[..., Any],
) -> None:
    from tests.api.test_routing_api import bearer

    facts = {
        "found_municipality": "GM0363",
        "exploitation": ["sexual"],
        "nationality": "CO",
        "languages": ["es"],
        "identified_on": "2026-11-28",
    }
    response = Client().post(
        "/api/v1/routing/decide",
        json.dumps(facts),
        content_type="application/json",
        headers={**ENGLISH, **bearer(make_user(Role.COMENSHA))},
    )
    assert response.status_code == 200, response.content
    explanation = response.json()["explanation"]
    assert any("bedenktijd" in sentence for sentence in explanation)
    assert not any("reflection period" in sentence for sentence in explanation)


@pytest.mark.django_db
def test_the_case_page_shows_decision_reasons_and_next_step_in_english(
    client_for: Callable[..., Client], people: dict[str, Any]
) -> None:
    from tests.cases.conftest import facts
    from tests.factories import signalled_case

    PlaceGroup.objects.update(availability_updated_at=timezone.now())
    case = signalled_case(people["police"], facts("maria"))
    client = client_for(Role.COMENSHA, user=people["comensha"])
    response = client.get(f"/casussen/{case.number}/", headers=ENGLISH)
    assert response.status_code == 200
    english = text_of(response)
    assert "The victim gets a reflection period of 90 days" in english
    assert "This place takes only men." in english  # a refusal reason of a place
    step = response.context["result"].next_step.text
    assert say_in("en", step) in english and say_in("en", step) != str(step)
    assert "Deze plek" not in english and MARKER not in english
    dutch = text_of(client.get(f"/casussen/{case.number}/", headers={"accept-language": "nl"}))
    assert "Het slachtoffer krijgt 90 dagen bedenktijd" in dutch
    assert "Deze plek neemt alleen mannen op." in dutch


@pytest.mark.django_db
def test_the_overview_and_the_facts_form_name_categories_and_labels_in_english(
    client_for: Callable[..., Client],
) -> None:
    overview = client_for(Role.POLICY_OFFICER).get(reverse("registry:overview"), headers=ENGLISH)
    english = text_of(overview)
    assert "COSM (categorical shelter)" in english and "Men's shelter" in english
    assert "categorale opvang" not in english
    form = text_of(client_for(Role.COMENSHA).get(reverse("cases:routing"), headers=ENGLISH))
    assert "labour exploitation" in form and "addiction" in form
    assert "arbeidsuitbuiting" not in form
