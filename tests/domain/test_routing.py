"""Legal routing (domain/routing.py): the four people of the report, then every branch by table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from veiligeplek.domain.decision import ReflectionPeriod, RoutingDecision
from veiligeplek.domain.enums import (
    ContraIndication,
    Exploitation,
    Flag,
    Gender,
    LegalBasis,
    PlaceCategory,
    PlacementAuthority,
    ResidencePermit,
    SafetyRisk,
    Track,
)
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.routing import route_case

TODAY = dt.date(2026, 11, 28)

MUNICIPAL = Track.MUNICIPAL
ALIENS_LAW = Track.ALIENS_LAW
COSM, OMM, WMO, NLA, MEN = (
    PlaceCategory.COSM,
    PlaceCategory.OMM,
    PlaceCategory.WMO,
    PlaceCategory.NLA,
    PlaceCategory.MANNENOPVANG,
)
COMENSHA = PlacementAuthority.COMENSHA
COORDINATOR = PlacementAuthority.REGIONAL_COORDINATOR


def decision_fields(decision: RoutingDecision) -> dict[str, Any]:
    """Every field of the decision, rules by id, for one equality assertion."""
    return {**decision.__dict__, "rules": tuple(rule.id for rule in decision.rules)}


def facts(**changes: Any) -> CaseFacts:
    """An adult Dutch woman, sexually exploited, found in Amsterdam, identified today."""
    base = CaseFacts(
        found_municipality="GM0363",
        exploitation=frozenset({Exploitation.SEXUAL}),
        gender=Gender.FEMALE,
        age=30,
        nationality="NL",
        languages=("nl",),
        identified_on=TODAY,
    )
    return replace(base, **changes)


def route(regions: RegionTable, **changes: Any) -> RoutingDecision:
    return route_case(facts(**changes), today=TODAY, regions=regions)


# --- the four people of the report -----------------------------------------------------------

PERSONAS = {
    "sandra": {
        "track": MUNICIPAL,
        "legal_basis": LegalBasis.WMO,
        "responsible_municipality": "GM0034",  # Almere: registration outranks Amsterdam (found)
        "central_municipality": "GM0034",
        "care_region": "VT03",
        "placement_authority": COMENSHA,  # OMM comes first
        "case_owner": COORDINATOR,
        "place_categories": (OMM, WMO),
        "gap_categories": (),
        "reflection_period": None,
        "legal_residence": True,
        "flags": frozenset({Flag.CONTRA_INDICATION, Flag.MULTI_PROBLEM}),
        "rules": (
            "R-RES-DUTCH", "R-TRACK-MUNICIPAL", "R-BASIS-WMO", "R-RESP-REGISTERED",
            "R-CAT-OMM", "R-CAT-WMO", "R-CAT-ORDER", "R-AUTHORITY-CATEGORY",
        ),
        "ruleset_version": "2025.1",
    },
    "maria": {
        "track": ALIENS_LAW,
        "legal_basis": LegalBasis.REFLECTION_PERIOD,
        "responsible_municipality": None,  # no municipality: CoMensha places
        "central_municipality": "GM0363",  # region where she was found, for information
        "care_region": "VT01",
        "placement_authority": COMENSHA,
        "case_owner": COMENSHA,
        "place_categories": (COSM,),
        "gap_categories": (),
        "reflection_period": ReflectionPeriod(
            days=90, starts_on=dt.date(2026, 11, 28), ends_on=dt.date(2027, 2, 26)
        ),
        "legal_residence": False,
        "flags": frozenset(
            {Flag.INTERPRETER_NEEDED, Flag.NATIONALITY_UNKNOWN, Flag.SAFETY_HIGH}
        ),
        "rules": (
            "R-RES-NATIONALITY-UNKNOWN", "R-TRACK-ALIENS-LAW", "R-REGION-ALIENS-LAW",
            "R-REFLECTION", "R-CAT-COSM", "R-CAT-ORDER", "R-AUTHORITY-CATEGORY",
            "R-INTERPRETER", "R-SAFETY-HIGH",
        ),
        "ruleset_version": "2025.1",
    },
    "radek": {
        "track": MUNICIPAL,
        "legal_basis": LegalBasis.WMO,
        "responsible_municipality": "GM1783",  # Westland, where he was found: not registered
        "central_municipality": "GM0518",
        "care_region": "VT09",
        "placement_authority": PlacementAuthority.NLA,
        "case_owner": COORDINATOR,
        "place_categories": (NLA, MEN, WMO),
        "gap_categories": (),
        "reflection_period": None,
        "legal_residence": True,
        "flags": frozenset({Flag.INTERPRETER_NEEDED}),
        "rules": (
            "R-RES-FREE-MOVEMENT", "R-TRACK-MUNICIPAL", "R-BASIS-WMO", "R-RESP-FOUND",
            "R-CAT-NLA", "R-CAT-MANNENOPVANG", "R-CAT-WMO", "R-CAT-ORDER",
            "R-AUTHORITY-CATEGORY", "R-INTERPRETER",
        ),
        "ruleset_version": "2025.1",
    },
    "amir": {
        "track": MUNICIPAL,
        "legal_basis": LegalBasis.WMO,
        "responsible_municipality": "GM0772",
        "central_municipality": "GM0796",  # Eindhoven lies in Veilig Thuis region Oost-Brabant
        "care_region": "VT27",
        "placement_authority": COORDINATOR,  # no category: the case owner of the track
        "case_owner": COORDINATOR,
        "place_categories": (),
        "gap_categories": (MEN, WMO),
        "reflection_period": None,
        "legal_residence": True,
        "flags": frozenset({Flag.NATIONAL_GAP, Flag.SAFETY_HIGH}),
        "rules": (
            "R-RES-DUTCH", "R-TRACK-MUNICIPAL", "R-BASIS-WMO", "R-RESP-REGISTERED",
            "R-CAT-MANNENOPVANG", "R-CAT-WMO", "R-GAP-CRIMINAL", "R-AUTHORITY-TRACK",
            "R-SAFETY-HIGH",
        ),
        "ruleset_version": "2025.1",
    },
}  # fmt: skip


@pytest.mark.parametrize("name", PERSONAS)
def test_each_person_of_the_report_gets_exactly_the_expected_decision(
    name: str,
    persona: Callable[[str], CaseFacts],
    regions: RegionTable,
    today: dt.date,
) -> None:
    decision = route_case(persona(name), today=today, regions=regions)
    assert decision_fields(decision) == PERSONAS[name]


@pytest.mark.parametrize(
    ("name", "phrases"),
    [
        ("sandra", ["Almere is verantwoordelijk", "regio Flevoland", "verslaving en multi"]),
        ("maria", ["vanaf 28 november 2026", "loopt af op 26 februari 2027", "(Spaans)"]),
        ("radek", ["burger van Polen", "dus is Westland", "centrumgemeente Den Haag"]),
        ("amir", ["criminele uitbuiting", "Mannenopvang en Wmo-plek", "gaat vaak op zoek"]),
    ],
)
def test_explanations_name_the_concrete_places_dates_and_reasons(
    name: str,
    phrases: list[str],
    persona: Callable[[str], CaseFacts],
    regions: RegionTable,
    today: dt.date,
) -> None:
    text = " ".join(
        route_case(persona(name), today=today, regions=regions).to_dict()["explanation"]
    )
    for phrase in phrases:
        assert phrase in text


def test_sandra_is_not_the_responsibility_of_amsterdam_where_she_was_found(
    persona: Callable[[str], CaseFacts], regions: RegionTable, today: dt.date
) -> None:
    decision = route_case(persona("sandra"), today=today, regions=regions)
    assert decision.responsible_municipality != "GM0363"


def test_every_fired_rule_has_a_sentence_and_a_source(
    persona: Callable[[str], CaseFacts], regions: RegionTable, today: dt.date
) -> None:
    for name in PERSONAS:
        for rule in route_case(persona(name), today=today, regions=regions).rules:
            assert rule.explanation.endswith(".")
            assert "{" not in rule.explanation
            assert rule.source


# --- legal residence decides the track ------------------------------------------------------

VALID = ResidencePermit.OTHER_VALID


@pytest.mark.parametrize(
    ("changes", "track", "rule"),
    [
        pytest.param({"nationality": "NL"}, MUNICIPAL, "R-RES-DUTCH", id="dutch"),
        pytest.param({"nationality": "DE"}, MUNICIPAL, "R-RES-FREE-MOVEMENT", id="eu derived"),
        pytest.param({"nationality": "NO"}, MUNICIPAL, "R-RES-FREE-MOVEMENT", id="eea"),
        pytest.param({"nationality": "CH"}, MUNICIPAL, "R-RES-FREE-MOVEMENT", id="swiss"),
        pytest.param(
            {"nationality": "PL", "legal_residence": False},
            ALIENS_LAW,
            "R-RES-GIVEN",
            id="eu citizen without legal residence",
        ),
        pytest.param(
            {"nationality": "BR", "legal_residence": True},
            MUNICIPAL,
            "R-RES-GIVEN",
            id="third country with legal residence given",
        ),
        pytest.param(
            {"nationality": "BR", "residence_permit": VALID},
            MUNICIPAL,
            "R-RES-PERMIT",
            id="third country with another valid permit",
        ),
        pytest.param(
            {"nationality": "BR", "residence_permit": ResidencePermit.NONE},
            ALIENS_LAW,
            "R-RES-THIRD-COUNTRY",
            id="third country without permit",
        ),
        pytest.param({"nationality": "NG"}, ALIENS_LAW, "R-RES-THIRD-COUNTRY", id="third country"),
        pytest.param({"nationality": None}, ALIENS_LAW, "R-RES-NATIONALITY-UNKNOWN", id="unknown"),
        pytest.param(
            {"nationality": None, "residence_permit": VALID},
            MUNICIPAL,
            "R-RES-PERMIT",
            id="unknown nationality with a valid permit",
        ),
    ],
)
def test_legal_residence_decides_the_track(
    regions: RegionTable, changes: dict[str, Any], track: Track, rule: str
) -> None:
    decision = route(regions, **changes)
    assert decision.track is track
    assert decision.legal_residence is (track is MUNICIPAL)
    assert decision.rules[0].id == rule


@pytest.mark.parametrize(
    ("changes", "track", "flags"),
    [
        pytest.param(
            {"nationality": "BR", "residence_permit": ResidencePermit.B8},
            MUNICIPAL,
            {Flag.B8},
            id="a third-country b8 holder is on the municipal track",
        ),
        pytest.param(
            {"nationality": None, "residence_permit": ResidencePermit.B8},
            MUNICIPAL,
            {Flag.B8, Flag.NATIONALITY_UNKNOWN},
            id="a b8 holder of unknown nationality is on the municipal track",
        ),
        pytest.param(
            {"nationality": "BR", "residence_permit": ResidencePermit.B8, "legal_residence": False},
            MUNICIPAL,
            {Flag.B8},
            id="a b8 permit outranks legal residence entered as false",
        ),
        pytest.param(
            {"nationality": "BR", "report_filed": True},
            MUNICIPAL,
            {Flag.B8},
            id="filing a report on the aliens-law track gives b8 and the municipal track",
        ),
        pytest.param(
            {"nationality": None, "report_filed": True},
            MUNICIPAL,
            {Flag.B8, Flag.NATIONALITY_UNKNOWN},
            id="filing a report with unknown nationality gives b8",
        ),
        pytest.param(
            {"nationality": "NL", "report_filed": True},
            MUNICIPAL,
            set(),
            id="a dutch victim who files a report needs no b8",
        ),
        pytest.param(
            {"nationality": None, "legal_residence": True},
            MUNICIPAL,
            {Flag.NATIONALITY_UNKNOWN},
            id="unknown nationality is flagged even with legal residence",
        ),
    ],
)
def test_b8_permit_and_report_lead_to_the_municipal_track(
    regions: RegionTable, changes: dict[str, Any], track: Track, flags: set[Flag]
) -> None:
    decision = route(regions, **changes)
    assert (decision.track, decision.legal_basis) == (track, LegalBasis.WMO)
    assert decision.reflection_period is None
    assert decision.legal_residence is True
    assert decision.flags == flags


def test_a_report_filed_on_the_aliens_law_track_names_the_b8_rule_before_the_track(
    regions: RegionTable,
) -> None:
    ids = [rule.id for rule in route(regions, nationality="BR", report_filed=True).rules]
    assert ids[:3] == ["R-RES-THIRD-COUNTRY", "R-B8-REPORT", "R-TRACK-MUNICIPAL"]


# --- legal basis and minors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "basis", "minor"),
    [
        pytest.param({"age": 17}, LegalBasis.JEUGDWET, True, id="17 on municipal: jeugdwet"),
        pytest.param({"age": 0}, LegalBasis.JEUGDWET, True, id="a baby: jeugdwet"),
        pytest.param({"age": 18}, LegalBasis.WMO, False, id="18 on municipal: wmo"),
        pytest.param({"age": None}, LegalBasis.WMO, False, id="unknown age: wmo as an adult"),
        pytest.param(
            {"age": 16, "nationality": "BR"},
            LegalBasis.REFLECTION_PERIOD,
            True,
            id="16 on aliens-law track: reflection period, flagged minor",
        ),
    ],
)
def test_minors_are_flagged_and_routed_under_the_jeugdwet_on_the_municipal_track(
    regions: RegionTable, changes: dict[str, Any], basis: LegalBasis, minor: bool
) -> None:
    decision = route(regions, **changes)
    assert decision.legal_basis is basis
    assert (Flag.MINOR in decision.flags) is minor
    assert ("R-MINOR" in [rule.id for rule in decision.rules]) is minor


def test_minors_keep_the_adult_categories_so_that_matching_can_refuse_on_age(
    regions: RegionTable,
) -> None:
    decision = route(regions, age=15, exploitation=frozenset({Exploitation.LABOUR}))
    assert decision.place_categories == (NLA, WMO)
    explanation = " ".join(rule.explanation for rule in decision.rules)
    assert "Jeugdwet en de jeugdhulp" in explanation


# --- responsible municipality ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "responsible", "central", "region"),
    [
        pytest.param(
            {"registered_municipality": "GM0034", "found_municipality": "GM0363"},
            "GM0034",
            "GM0034",
            "VT03",
            id="registered municipality outranks found municipality",
        ),
        pytest.param(
            {"registered_municipality": None, "found_municipality": "GM0599"},
            "GM0599",
            "GM0599",
            "VT18",
            id="found municipality when not registered",
        ),
        pytest.param(
            {"registered_municipality": None, "found_municipality": "GM1783"},
            "GM1783",
            "GM0518",
            "VT09",
            id="central municipality is that of the care region",
        ),
        pytest.param(
            {"nationality": "BR", "registered_municipality": "GM0034"},
            None,
            "GM0363",
            "VT01",
            id="aliens-law track: no responsible municipality, region where found",
        ),
    ],
)
def test_responsible_municipality_follows_registration_then_where_found(
    regions: RegionTable,
    changes: dict[str, Any],
    responsible: str | None,
    central: str,
    region: str,
) -> None:
    decision = route(regions, **changes)
    assert decision.responsible_municipality == responsible
    assert (decision.central_municipality, decision.care_region) == (central, region)


# --- reflection period -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "days", "starts_on", "ends_on"),
    [
        pytest.param({}, 90, TODAY, dt.date(2027, 2, 26), id="90 days"),
        pytest.param(
            {"dublin_indication": True}, 30, TODAY, dt.date(2026, 12, 28), id="dublin: 30 days"
        ),
        pytest.param(
            {"identified_on": dt.date(2027, 1, 31), "dublin_indication": True},
            30,
            dt.date(2027, 1, 31),
            dt.date(2027, 3, 2),
            id="dublin across february",
        ),
        pytest.param(
            {"identified_on": dt.date(2027, 12, 15)},
            90,
            dt.date(2027, 12, 15),
            dt.date(2028, 3, 14),
            id="across a leap day",
        ),
        pytest.param(
            {"identified_on": dt.date(2026, 10, 1)},
            90,
            dt.date(2026, 10, 1),
            dt.date(2026, 12, 30),
            id="counted from identification, not from today",
        ),
        pytest.param({"identified_on": None}, 90, TODAY, dt.date(2027, 2, 26), id="unknown date"),
    ],
)
def test_reflection_period_runs_from_identification(
    regions: RegionTable,
    changes: dict[str, Any],
    days: int,
    starts_on: dt.date,
    ends_on: dt.date,
) -> None:
    decision = route(regions, nationality="BR", **changes)
    assert decision.reflection_period == ReflectionPeriod(days, starts_on, ends_on)
    assert (Flag.DUBLIN in decision.flags) is (days == 30)


def test_reflection_period_starts_today_when_the_identification_date_is_unknown(
    regions: RegionTable,
) -> None:
    decision = route(regions, nationality="BR", identified_on=None)
    explained = {rule.id: rule.explanation for rule in decision.rules}
    assert "vanaf vandaag (28 november 2026)" in explained["R-REFLECTION-START-TODAY"]


def test_dublin_indication_does_not_matter_on_the_municipal_track(regions: RegionTable) -> None:
    decision = route(regions, dublin_indication=True)
    assert decision.reflection_period is None
    assert Flag.DUBLIN not in decision.flags


# --- place categories, best fit first ----------------------------------------------------

SEXUAL = frozenset({Exploitation.SEXUAL})
LABOUR = frozenset({Exploitation.LABOUR})
ADDICTION = frozenset({ContraIndication.ADDICTION})


@pytest.mark.parametrize(
    ("changes", "categories", "authority"),
    [
        pytest.param({}, (WMO,), COORDINATOR, id="dutch woman, sexual: wmo"),
        pytest.param({"gender": Gender.MALE}, (MEN, WMO), COORDINATOR, id="dutch man"),
        pytest.param({"gender": Gender.OTHER}, (WMO,), COORDINATOR, id="gender other as women"),
        pytest.param({"gender": None}, (WMO,), COORDINATOR, id="gender unknown as women"),
        pytest.param(
            {"contra_indications": ADDICTION}, (OMM, WMO), COMENSHA, id="addiction: omm first"
        ),
        pytest.param({"multi_problem": True}, (OMM, WMO), COMENSHA, id="multi-problem: omm"),
        pytest.param({"exploitation": LABOUR}, (NLA, WMO), PlacementAuthority.NLA, id="labour"),
        pytest.param(
            {"exploitation": LABOUR | SEXUAL},
            (NLA, WMO),
            PlacementAuthority.NLA,
            id="labour and sexual: nla first",
        ),
        pytest.param(
            {"exploitation": LABOUR, "gender": Gender.MALE},
            (NLA, MEN, WMO),
            PlacementAuthority.NLA,
            id="man, labour: nla, men, wmo",
        ),
        pytest.param(
            {"exploitation": LABOUR, "contra_indications": ADDICTION, "gender": Gender.MALE},
            (OMM, NLA, MEN, WMO),
            COMENSHA,
            id="omm precedes nla: only omm accepts contra-indications",
        ),
        pytest.param({"nationality": "BR"}, (COSM,), COMENSHA, id="aliens-law woman: cosm"),
        pytest.param(
            {"nationality": "BR", "contra_indications": ADDICTION},
            (OMM, COSM),
            COMENSHA,
            id="aliens-law woman with addiction: omm, cosm",
        ),
        pytest.param(
            {"nationality": "BR", "exploitation": LABOUR},
            (NLA, COSM),
            PlacementAuthority.NLA,
            id="aliens-law labour: nla, cosm",
        ),
        pytest.param(
            {"nationality": "BR", "gender": Gender.MALE},
            (COSM, MEN),
            COMENSHA,
            id="aliens-law man: men's shelter after cosm",
        ),
        pytest.param(
            {"nationality": "BR", "gender": Gender.MALE, "multi_problem": True},
            (OMM, COSM, MEN),
            COMENSHA,
            id="aliens-law man with multi-problem: omm, cosm, men",
        ),
    ],
)
def test_place_categories_are_ordered_best_fit_first(
    regions: RegionTable,
    changes: dict[str, Any],
    categories: tuple[PlaceCategory, ...],
    authority: PlacementAuthority,
) -> None:
    decision = route(regions, **changes)
    assert decision.place_categories == categories
    assert decision.gap_categories == ()
    assert decision.placement_authority is authority
    assert Flag.NATIONAL_GAP not in decision.flags


@pytest.mark.parametrize(
    ("changes", "gap_categories", "authority"),
    [
        pytest.param({}, (WMO,), COORDINATOR, id="criminal only"),
        pytest.param(
            {"exploitation": SEXUAL | {Exploitation.CRIMINAL}},
            (WMO,),
            COORDINATOR,
            id="sexual and criminal",
        ),
        pytest.param(
            {"exploitation": LABOUR | {Exploitation.CRIMINAL}, "gender": Gender.MALE},
            (NLA, MEN, WMO),
            COORDINATOR,
            id="labour and criminal, man",
        ),
        pytest.param(
            {"nationality": "BR", "contra_indications": ADDICTION},
            (OMM, COSM),
            COMENSHA,
            id="aliens-law track: comensha keeps searching",
        ),
    ],
)
def test_criminal_exploitation_is_a_national_gap_in_any_combination(
    regions: RegionTable,
    changes: dict[str, Any],
    gap_categories: tuple[PlaceCategory, ...],
    authority: PlacementAuthority,
) -> None:
    decision = route(regions, **{"exploitation": frozenset({Exploitation.CRIMINAL}), **changes})
    assert decision.place_categories == ()
    assert decision.gap_categories == gap_categories
    assert decision.placement_authority is authority
    assert Flag.NATIONAL_GAP in decision.flags
    assert "R-GAP-CRIMINAL" in [rule.id for rule in decision.rules]


# --- flags -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "flag", "expected"),
    [
        pytest.param({"languages": ("nl",)}, Flag.INTERPRETER_NEEDED, False, id="dutch only"),
        pytest.param({"languages": ("es",)}, Flag.INTERPRETER_NEEDED, True, id="spanish"),
        pytest.param({"languages": ("ro", "en")}, Flag.INTERPRETER_NEEDED, True, id="no dutch"),
        pytest.param({"languages": ("nl", "en")}, Flag.INTERPRETER_NEEDED, False, id="also nl"),
        pytest.param({"languages": ()}, Flag.INTERPRETER_NEEDED, False, id="languages unknown"),
        pytest.param({"children": 0}, Flag.CHILDREN, False, id="no children"),
        pytest.param({"children": 2}, Flag.CHILDREN, True, id="two children"),
        pytest.param({"safety_risk": SafetyRisk.HIGH}, Flag.SAFETY_HIGH, True, id="safety high"),
        pytest.param({"safety_risk": SafetyRisk.NORMAL}, Flag.SAFETY_HIGH, False, id="normal"),
        pytest.param({"contra_indications": ADDICTION}, Flag.CONTRA_INDICATION, True, id="contra"),
        pytest.param({"multi_problem": True}, Flag.MULTI_PROBLEM, True, id="multi-problem"),
        pytest.param(
            {"nationality": "BR", "cannot_report": True},
            Flag.HUMANITARIAN_RESIDENCE,
            True,
            id="cannot report on the aliens-law track: humanitarian residence",
        ),
        pytest.param(
            {"cannot_report": True},
            Flag.HUMANITARIAN_RESIDENCE,
            False,
            id="cannot report with legal residence: no residence question",
        ),
        pytest.param(
            {"nationality": "BR", "cannot_report": True, "report_filed": True},
            Flag.HUMANITARIAN_RESIDENCE,
            False,
            id="a filed report leads to b8, not humanitarian residence",
        ),
    ],
)
def test_flags_record_what_every_place_search_must_respect(
    regions: RegionTable, changes: dict[str, Any], flag: Flag, expected: bool
) -> None:
    assert (flag in route(regions, **changes).flags) is expected


@pytest.mark.parametrize(
    ("changes", "rule", "phrase"),
    [
        ({"languages": ("ro", "en")}, "R-INTERPRETER", "(Roemeens en Engels)"),
        ({"children": 1}, "R-CHILDREN", "heeft 1 kind bij zich"),
        ({"children": 3}, "R-CHILDREN", "heeft 3 kinderen bij zich"),
        ({"nationality": "BR", "cannot_report": True}, "R-HUMANITARIAN", "schrijnend pad"),
        ({"age": 17}, "R-BASIS-JEUGDWET", "(17 jaar, jonger dan 18 jaar)"),
        ({"age": None}, "R-BASIS-WMO", "leeftijd onbekend"),
        ({"nationality": "BR"}, "R-RES-THIRD-COUNTRY", "derdelander (Brazilië)"),
        ({"contra_indications": ADDICTION | {ContraIndication.LVB}}, "R-CAT-OMM", "verslaving en"),
    ],
)
def test_explanations_are_filled_in_with_dutch_values(
    regions: RegionTable, changes: dict[str, Any], rule: str, phrase: str
) -> None:
    explained = {fired.id: fired.explanation for fired in route(regions, **changes).rules}
    assert phrase in explained[rule]
