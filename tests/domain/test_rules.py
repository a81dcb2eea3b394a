"""Routing rules as versioned data (domain/rules.py): loading, validation, choosing by date and
reproducing an older decision with the rule set it recorded."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from importlib.resources import files
from typing import Any

import pytest
from bench.landscape import case_mix

from veiligeplek.domain.enums import Exploitation, ResidencePermit
from veiligeplek.domain.facts import CaseFacts, parse_case_facts
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.routing import route_case
from veiligeplek.domain.rules import (
    NOT_FIRED_BY_ROUTING,
    PARAMETERS,
    PLACEHOLDERS,
    InvalidRuleSetError,
    RuleId,
    RuleSet,
    RuleSetNotFoundError,
    dutch_date,
    dutch_list,
    load_rulesets,
    parse_ruleset,
    ruleset_by_version,
    ruleset_for,
    sorted_rulesets,
)

SHIPPED = files("veiligeplek.domain").joinpath("rulesets", "2025-01.json")


def shipped_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return document


def later_document() -> dict[str, Any]:
    """A test-only rule set from 1 June 2027 with a 120-day reflection period (never shipped)."""
    document = copy.deepcopy(shipped_document())
    document["version"] = "2027.1"
    document["valid_from"] = "2027-06-01"
    document["parameters"]["reflection_days"] = 120
    for rule in document["rules"]:
        if rule["id"] == "R-REFLECTION":
            rule["valid_from"] = "2027-06-01"
    return document


def later_ruleset() -> RuleSet:
    return parse_ruleset(later_document(), origin="test 2027-06")


# --- the shipped rule sets ------------------------------------------------------------------


def test_the_2025_rule_set_is_shipped_valid_from_1_january_2025() -> None:
    (ruleset,) = load_rulesets()
    assert (ruleset.version, ruleset.valid_from) == ("2025.1", dt.date(2025, 1, 1))
    assert {name: ruleset.parameter(name) for name in PARAMETERS} == {
        "reflection_days": 90,
        "reflection_days_dublin": 30,
        "age_of_majority": 18,
    }


def test_rule_sets_are_loaded_once() -> None:
    assert load_rulesets() is load_rulesets()


@pytest.mark.parametrize("ruleset", load_rulesets(), ids=lambda r: r.version)
def test_every_rule_the_routing_code_uses_is_defined_in_every_shipped_rule_set(
    ruleset: RuleSet,
) -> None:
    assert set(ruleset.rules) == {rule_id.value for rule_id in RuleId}


def test_every_rule_in_the_catalogue_fires_for_some_case(regions: RegionTable) -> None:
    """Routing the benchmark's mix of cases, and three cases the mix lacks, fires every rule of
    the catalogue: a rule the routing code no longer fires (or never did) fails here."""
    today = dt.date(2026, 11, 28)
    cases = [parse_case_facts(data, municipalities=regions.municipalities)
             for data in case_mix(600, today=today)]  # fmt: skip
    base = CaseFacts(found_municipality="GM0363", exploitation=frozenset({Exploitation.SEXUAL}))
    cases += [
        replace(base, legal_residence=True),  # R-RES-GIVEN
        replace(
            base, nationality="NG", residence_permit=ResidencePermit.OTHER_VALID
        ),  # R-RES-PERMIT
        replace(base, identified_on=None),  # R-REFLECTION-START-TODAY
    ]
    fired = {r.id for facts in cases for r in route_case(facts, today=today, regions=regions).rules}
    assert fired == {rule_id.value for rule_id in RuleId} - NOT_FIRED_BY_ROUTING


@pytest.mark.parametrize("ruleset", load_rulesets(), ids=lambda r: r.version)
def test_every_shipped_rule_is_one_dutch_sentence_with_a_source(ruleset: RuleSet) -> None:
    for rule in ruleset.rules.values():
        assert rule.explanation.endswith("."), rule.id
        assert rule.explanation.count(". ") == 0, rule.id
        assert rule.source.strip(), rule.id
        assert rule.valid_from <= ruleset.valid_from


def test_placeholders_are_declared_only_for_catalogued_rules() -> None:
    assert set(PLACEHOLDERS) <= set(RuleId)


# --- validation on load ---------------------------------------------------------------------


def _rule(document: dict[str, Any], rule_id: str) -> dict[str, Any]:
    rule: dict[str, Any] = next(r for r in document["rules"] if r["id"] == rule_id)
    return rule


def _duplicate_rule(document: dict[str, Any]) -> None:
    document["rules"].append(dict(document["rules"][0]))


def _drop_rule(document: dict[str, Any]) -> None:
    document["rules"] = [r for r in document["rules"] if r["id"] != "R-CAT-NLA"]


def _unknown_rule(document: dict[str, Any]) -> None:
    document["rules"].append({**document["rules"][0], "id": "R-TYPO"})


def _unknown_placeholder(document: dict[str, Any]) -> None:
    _rule(document, "R-REFLECTION")["explanation"] = "Bedenktijd tot {deadline}."


def _unknown_language(document: dict[str, Any]) -> None:
    _rule(document, "R-REFLECTION")["explanation"]["fr"] = "Délai de réflexion."


def _no_dutch(document: dict[str, Any]) -> None:
    del _rule(document, "R-REFLECTION")["explanation"]["nl"]


def _unknown_placeholder_in_english(document: dict[str, Any]) -> None:
    _rule(document, "R-REFLECTION")["explanation"]["en"] = "Reflection until {deadline}."


def _attribute_placeholder(document: dict[str, Any]) -> None:
    _rule(document, "R-REFLECTION")["explanation"] = "Bedenktijd tot {ends_on.__class__}."


def _broken_template(document: dict[str, Any]) -> None:
    _rule(document, "R-REFLECTION")["explanation"] = "Bedenktijd tot {ends_on."


def _missing_parameter(document: dict[str, Any]) -> None:
    del document["parameters"]["reflection_days_dublin"]


def _text_parameter(document: dict[str, Any]) -> None:
    document["parameters"]["reflection_days"] = "90"


def _rule_newer_than_its_set(document: dict[str, Any]) -> None:
    _rule(document, "R-CAT-COSM")["valid_from"] = "2025-02-01"


def _bad_date(document: dict[str, Any]) -> None:
    document["valid_from"] = "1 januari 2025"


def _empty_source(document: dict[str, Any]) -> None:
    _rule(document, "R-CAT-COSM")["source"] = " "


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (_duplicate_rule, "duplicate rule id R-RES-GIVEN"),
        (_drop_rule, "rules missing: R-CAT-NLA"),
        (_unknown_rule, "unknown rules: R-TYPO"),
        (_unknown_placeholder, "rule R-REFLECTION: placeholder {deadline}"),
        (_unknown_language, "explanation has unknown language fr"),
        (_no_dutch, "explanation.nl must be a non-empty string"),
        (_unknown_placeholder_in_english, "explanation.en: placeholder {deadline}"),
        (_attribute_placeholder, "rule R-REFLECTION: placeholder {ends_on.__class__}"),
        (_broken_template, "rule R-REFLECTION: explanation is not a valid template"),
        (_missing_parameter, "parameters missing: reflection_days_dublin"),
        (_text_parameter, "parameter reflection_days must be a positive integer"),
        (_rule_newer_than_its_set, "rule R-CAT-COSM: valid_from is after"),
        (_bad_date, "valid_from must be a date"),
        (_empty_source, "source must be a non-empty string"),
    ],
)
def test_a_broken_rule_set_is_refused_on_load_naming_file_and_rule(
    break_it: Callable[[dict[str, Any]], None], message: str
) -> None:
    document = shipped_document()
    break_it(document)
    with pytest.raises(InvalidRuleSetError, match="^broken.json: .*") as error:
        parse_ruleset(document, origin="broken.json")
    assert message in str(error.value)


def test_two_rule_sets_with_the_same_version_are_refused() -> None:
    (current,) = load_rulesets()
    twin = replace(later_ruleset(), version=current.version)
    with pytest.raises(InvalidRuleSetError, match="share version 2025.1"):
        sorted_rulesets([current, twin])


# --- choosing by date and by version --------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "version"),
    [
        (dt.date(2025, 1, 1), "2025.1"),
        (dt.date(2026, 11, 28), "2025.1"),
        (dt.date(2027, 5, 31), "2025.1"),
        (dt.date(2027, 6, 1), "2027.1"),
        (dt.date(2031, 1, 1), "2027.1"),
    ],
)
def test_the_rule_set_is_the_newest_valid_on_the_day(day: dt.date, version: str) -> None:
    rulesets = sorted_rulesets([*load_rulesets(), later_ruleset()])
    assert ruleset_for(day, rulesets=rulesets).version == version


def test_no_rule_set_is_valid_before_the_first_one() -> None:
    with pytest.raises(RuleSetNotFoundError):
        ruleset_for(dt.date(2024, 12, 31))


def test_an_unknown_version_is_refused() -> None:
    with pytest.raises(RuleSetNotFoundError, match="2019.1"):
        ruleset_by_version("2019.1")


def test_a_decision_records_the_version_of_the_rule_set_valid_on_the_day(
    persona: Callable[[str], CaseFacts], regions: RegionTable, today: dt.date
) -> None:
    decision = route_case(persona("maria"), today=today, regions=regions)
    assert decision.ruleset_version == ruleset_for(today).version == "2025.1"
    assert decision.to_dict()["ruleset_version"] == "2025.1"


def test_a_later_rule_set_changes_the_decision_from_its_start_date(
    persona: Callable[[str], CaseFacts], regions: RegionTable
) -> None:
    rulesets = sorted_rulesets([*load_rulesets(), later_ruleset()])
    day = dt.date(2027, 6, 1)
    maria = replace(persona("maria"), identified_on=day)
    decision = route_case(
        maria, today=day, regions=regions, ruleset=ruleset_for(day, rulesets=rulesets)
    )
    assert decision.ruleset_version == "2027.1"
    assert decision.reflection_period is not None
    assert (decision.reflection_period.days, decision.reflection_period.ends_on) == (
        120,
        dt.date(2027, 9, 29),
    )
    explained = {rule.id: rule.explanation for rule in decision.rules}
    assert "120 dagen bedenktijd" in explained["R-REFLECTION"]


def test_an_older_decision_is_reproduced_with_the_rule_set_it_recorded(
    persona: Callable[[str], CaseFacts], regions: RegionTable, today: dt.date
) -> None:
    rulesets = sorted_rulesets([*load_rulesets(), later_ruleset()])
    original = route_case(persona("maria"), today=today, regions=regions)
    # A year later the 2027 rules apply, but the recorded version reproduces the decision.
    recorded = ruleset_by_version(original.ruleset_version, rulesets=rulesets)
    later_day = dt.date(2027, 11, 28)
    reproduced = route_case(persona("maria"), today=later_day, regions=regions, ruleset=recorded)
    assert reproduced == original
    assert reproduced.to_dict() == original.to_dict()
    current = route_case(
        persona("maria"),
        today=later_day,
        regions=regions,
        ruleset=ruleset_for(later_day, rulesets=rulesets),
    )
    assert current.ruleset_version == "2027.1"
    assert current != original


# --- Dutch formatting ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2027, 2, 26), "26 februari 2027"),
        (dt.date(2025, 1, 1), "1 januari 2025"),
        (dt.date(2026, 3, 9), "9 maart 2026"),
        (dt.date(2026, 4, 30), "30 april 2026"),
        (dt.date(2026, 5, 5), "5 mei 2026"),
        (dt.date(2026, 6, 1), "1 juni 2026"),
        (dt.date(2026, 7, 14), "14 juli 2026"),
        (dt.date(2026, 8, 31), "31 augustus 2026"),
        (dt.date(2026, 9, 2), "2 september 2026"),
        (dt.date(2026, 10, 10), "10 oktober 2026"),
        (dt.date(2026, 11, 28), "28 november 2026"),
        (dt.date(2026, 12, 31), "31 december 2026"),
    ],
)
def test_dates_are_written_the_dutch_way(day: dt.date, text: str) -> None:
    assert dutch_date(day) == text


@pytest.mark.parametrize(
    ("items", "text"),
    [
        ([], ""),
        (["OMM"], "OMM"),
        (["OMM", "Wmo-plek"], "OMM en Wmo-plek"),
        (["NLA-plek", "Mannenopvang", "Wmo-plek"], "NLA-plek, Mannenopvang en Wmo-plek"),
    ],
)
def test_lists_are_joined_the_dutch_way(items: list[str], text: str) -> None:
    assert dutch_list(items) == text


def test_an_explicitly_empty_list_of_rule_sets_does_not_fall_back_to_the_shipped_ones() -> None:
    with pytest.raises(RuleSetNotFoundError):
        ruleset_for(dt.date(2026, 11, 28), rulesets=[])
    with pytest.raises(RuleSetNotFoundError):
        ruleset_by_version("2025.1", rulesets=[])
