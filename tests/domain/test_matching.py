"""Matching one case against every group of places: order, score, summaries, the four people."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence

import pytest

from tests.domain.test_eligibility import NOW, decision_for, make_facts, make_place
from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.enums import (
    ContraIndication,
    Exploitation,
    Gender,
    PlaceCategory,
    PlacementAuthority,
    ReasonCode,
    RegionBindingKind,
    SafetyRisk,
)
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.domain.geography import RegionTable, distance_km
from veiligeplek.domain.matching import MatchResult, NextStepCode, match_case
from veiligeplek.domain.places import GroupProfile, RegionBinding
from veiligeplek.domain.routing import route_case
from veiligeplek.domain.rules import load_rulesets

WMO, OMM, NLA, MEN = (
    PlaceCategory.WMO,
    PlaceCategory.OMM,
    PlaceCategory.NLA,
    PlaceCategory.MANNENOPVANG,
)


def match(
    regions: RegionTable,
    places: Sequence[GroupProfile],
    facts: CaseFacts | None = None,
    decision: RoutingDecision | None = None,
) -> MatchResult:
    return match_case(
        facts or make_facts(), decision or decision_for(WMO), places, regions=regions, now=NOW
    )


def ids(result: MatchResult) -> list[str]:
    return [m.place.id for m in result.places]


def with_free(places: Sequence[GroupProfile], free: int, *prefixes: str) -> list[GroupProfile]:
    return [dataclasses.replace(p, free=free) if p.id.startswith(prefixes) else p for p in places]


# --- order ------------------------------------------------------------------------------------


def test_every_group_is_listed_exactly_once(
    regions: RegionTable, landscape: list[GroupProfile]
) -> None:
    result = match(regions, landscape)
    assert sorted(ids(result)) == sorted(p.id for p in landscape)


def test_eligible_and_free_come_first_then_eligible_but_full_then_ineligible(
    regions: RegionTable,
) -> None:
    places = [
        make_place(id="a-ineligible", genders=frozenset({Gender.MALE})),
        make_place(id="b-full", free=0),
        make_place(id="c-free"),
    ]
    result = match(regions, places)
    assert ids(result) == ["c-free", "b-full", "a-ineligible"]
    assert [m.eligible for m in result.places] == [True, True, False]


def test_the_route_order_of_categories_decides_before_distance(regions: RegionTable) -> None:
    places = [
        make_place(id="wmo-near", category=WMO, municipality="GM0363"),
        make_place(id="omm-far", category=OMM, municipality="GM0080"),
    ]
    result = match(regions, places, decision=decision_for(OMM, WMO))
    assert ids(result) == ["omm-far", "wmo-near"]


@pytest.mark.parametrize(
    ("risk", "expected"),
    [
        (SafetyRisk.NORMAL, ["in-town", "in-town-shared", "elsewhere", "elsewhere-shared"]),
        # one strike each for "in town" and "shared": a tie that distance breaks
        (SafetyRisk.HIGH, ["elsewhere", "in-town", "elsewhere-shared", "in-town-shared"]),
    ],
)
def test_a_high_safety_risk_prefers_places_outside_the_found_town_and_not_shared(
    regions: RegionTable, risk: SafetyRisk, expected: list[str]
) -> None:
    places = [
        make_place(id="in-town", municipality="GM0363"),
        make_place(id="in-town-shared", municipality="GM0363", multi_labelled=True),
        make_place(id="elsewhere", municipality="GM0599"),
        make_place(id="elsewhere-shared", municipality="GM0599", multi_labelled=True),
    ]
    assert ids(match(regions, places, make_facts(safety_risk=risk))) == expected


def test_nearer_places_rank_first_and_distance_is_from_the_found_municipality(
    regions: RegionTable,
) -> None:
    places = [
        make_place(id="groningen", municipality="GM0014"),
        make_place(id="utrecht", municipality="GM0344"),
    ]
    result = match(regions, places, make_facts(found_municipality="GM0599"))
    assert ids(result) == ["utrecht", "groningen"]
    rotterdam, groningen = regions.municipality("GM0599"), regions.municipality("GM0014")
    assert result.places[1].distance_km == round(distance_km(rotterdam, groningen), 1)


def test_a_stale_place_ranks_after_a_fresh_one_at_the_same_distance(regions: RegionTable) -> None:
    places = [
        make_place(id="a-stale", availability_updated_at=NOW - dt.timedelta(days=3)),
        make_place(id="b-fresh"),
    ]
    result = match(regions, places)
    assert ids(result) == ["b-fresh", "a-stale"]
    assert [m.stale for m in result.places] == [False, True]


def test_the_id_breaks_remaining_ties(regions: RegionTable) -> None:
    places = [make_place(id="b"), make_place(id="a"), make_place(id="c")]
    assert ids(match(regions, places)) == ["a", "b", "c"]


def test_scores_lie_between_0_and_1_and_are_0_for_ineligible_places(
    regions: RegionTable, landscape: list[GroupProfile]
) -> None:
    result = match(regions, landscape, decision=decision_for(WMO, OMM))
    for m in result.places:
        assert 0 < m.score <= 1 if m.eligible else m.score == 0


def test_score_agrees_with_the_order_for_the_same_freshness(regions: RegionTable) -> None:
    places = [
        make_place(id="wmo-here", category=WMO, municipality="GM0363"),
        make_place(id="wmo-rotterdam", category=WMO, municipality="GM0599"),
        make_place(id="omm-leeuwarden", category=OMM, municipality="GM0080"),
        make_place(id="men-tilburg", category=MEN, municipality="GM0855"),
    ]
    result = match(
        regions, places, make_facts(safety_risk=SafetyRisk.HIGH), decision_for(OMM, WMO, MEN)
    )
    scores = [m.score for m in result.places]
    assert ids(result) == ["omm-leeuwarden", "wmo-rotterdam", "wmo-here", "men-tilburg"]
    assert scores == sorted(scores, reverse=True)


# --- summaries --------------------------------------------------------------------------------


def test_a_multi_labelled_group_taken_by_other_target_groups_is_full_and_not_free(
    regions: RegionTable, landscape: list[GroupProfile]
) -> None:
    places = with_free(landscape, 0, "wmo-essm-nood")
    facts = make_facts(found_municipality="GM0599")
    result = match(regions, places, facts, decision_for(WMO, responsible="GM0599"))
    nood = next(m for m in result.places if m.place.id == "wmo-essm-nood")
    assert nood.eligible
    assert nood.available == 0
    assert not nood.placeable
    assert [r.code for r in nood.reasons] == [ReasonCode.FULL]
    assert "andere doelgroepen" in nood.reasons[0].text
    wmo = next(s for s in result.category_status if s.category is WMO)
    eligible_wmo = [m for m in result.places if m.eligible and m.place.category is WMO]
    assert wmo.available == sum(m.available for m in eligible_wmo if m.place.id != "wmo-essm-nood")
    assert "wmo-essm-nood" not in [m.place.id for m in result.places if m.placeable]


def test_no_capacity_is_distinct_from_a_national_gap(regions: RegionTable) -> None:
    full = match(regions, [make_place(free=0, expected_free_on=dt.date(2026, 12, 3))])
    assert (full.national_gap, full.no_capacity) == (False, True)
    assert full.earliest_expected_free == dt.date(2026, 12, 3)
    refused = match(regions, [make_place(genders=frozenset({Gender.MALE}))])
    assert (refused.national_gap, refused.no_capacity) == (True, False)
    assert refused.earliest_expected_free is None


def test_a_minor_meets_a_national_gap_because_every_place_starts_at_18(
    regions: RegionTable, landscape: list[GroupProfile]
) -> None:
    result = match(regions, landscape, make_facts(age=16), decision_for(WMO, OMM))
    assert result.national_gap
    assert result.next_step.code is NextStepCode.AD_HOC
    assert set(result.almost) <= {
        m.place.id for m in result.places if m.failed == (ReasonCode.AGE,)
    }


def test_earliest_expected_free_looks_only_at_eligible_places(regions: RegionTable) -> None:
    places = [
        make_place(id="eligible", free=0, expected_free_on=dt.date(2026, 12, 10)),
        make_place(
            id="other",
            free=0,
            genders=frozenset({Gender.MALE}),
            expected_free_on=dt.date(2026, 12, 1),
        ),
    ]
    assert match(regions, places).earliest_expected_free == dt.date(2026, 12, 10)


def test_almost_lists_single_waivable_objections_nearest_first_at_most_five(
    regions: RegionTable,
) -> None:
    rotterdam_only = RegionBinding(kind=RegionBindingKind.MUNICIPALITY, code="GM0599")
    far = [
        make_place(id=f"far-{i}", municipality="GM0014", region_binding=rotterdam_only)
        for i in range(5)
    ]
    places = [
        *far,
        make_place(id="near", municipality="GM0599", region_binding=rotterdam_only),
        make_place(id="other-category", category=NLA),
        make_place(id="two-failures", region_binding=rotterdam_only, age_max=25),
        make_place(id="eligible"),
    ]
    result = match(regions, places, make_facts(), decision_for(WMO))
    assert result.almost == ("near", "far-0", "far-1", "far-2", "far-3")


@pytest.mark.parametrize(
    ("overrides", "facts", "almost"),
    [
        ({"genders": frozenset({Gender.MALE})}, {}, False),  # men-only for a woman: never
        ({"category": NLA}, {}, False),  # outside the legal route: never
        ({"exploitation_served": frozenset({Exploitation.LABOUR})}, {}, False),
        ({"children_allowed": False}, {"children": 1}, False),
        ({"age_max": 29}, {}, True),  # 30: one year outside the range
        ({"age_min": 31}, {}, True),
        ({"age_max": 27}, {}, False),  # three years outside: no near miss
        (
            {"contra_indications_excluded": frozenset({ContraIndication.ADDICTION})},
            {"addiction": True},
            True,
        ),
        (
            {"region_binding": RegionBinding(kind=RegionBindingKind.MUNICIPALITY, code="GM0599")},
            {},
            True,
        ),
    ],
)
def test_only_objections_a_shelter_can_waive_make_a_place_almost(
    regions: RegionTable, overrides: dict[str, object], facts: dict[str, object], almost: bool
) -> None:
    changes: dict[str, object] = {"children": facts["children"]} if "children" in facts else {}
    if facts.get("addiction"):
        changes["contra_indications"] = frozenset({ContraIndication.ADDICTION})
    place = make_place(id="one-objection", **overrides)
    result = match(regions, [place], make_facts(**changes), decision_for(WMO))
    assert [m.eligible for m in result.places] == [False]
    assert (result.almost == ("one-objection",)) is almost


def test_the_waivable_objections_come_from_the_rule_set_with_a_source() -> None:
    ruleset = load_rulesets()[-1]
    assert ruleset.almost.waivable == {
        ReasonCode.REGION_BINDING,
        ReasonCode.STALE,
        ReasonCode.CONTRA_INDICATION,
        ReasonCode.AGE,
    }
    assert "hoofdstuk 5" in ruleset.rule(ruleset.almost.rule).source


def test_category_status_says_per_route_category_whether_anything_fits_and_is_free(
    regions: RegionTable,
) -> None:
    places = [
        make_place(id="nla", category=NLA, free=0),
        make_place(id="men", category=MEN, genders=frozenset({Gender.MALE})),
    ]
    result = match(regions, places, make_facts(), decision_for(NLA, MEN, WMO))
    assert [(s.category, s.status) for s in result.category_status] == [
        (NLA, "full"),
        (MEN, "none"),
        (WMO, "none"),
    ]


# --- next step --------------------------------------------------------------------------------


def test_next_step_is_to_place_on_the_best_free_place_of_the_first_category(
    regions: RegionTable,
) -> None:
    step = match(regions, [make_place(free=1)]).next_step
    assert step.code is NextStepCode.PLACE
    assert step.place_id == "wmo-test"
    assert step.text == "Plaats op Testopvang, Amsterdam (Wmo-plek): 1 bed beschikbaar."


def test_next_step_on_a_stale_place_says_to_phone_first(regions: RegionTable) -> None:
    step = match(regions, [make_place(availability_updated_at=None)]).next_step
    assert step.text.endswith("De beschikbaarheid is niet recent bevestigd; bel eerst.")


def test_next_step_names_a_later_category_when_the_first_has_no_eligible_place(
    regions: RegionTable,
) -> None:
    places = [
        make_place(id="nla", category=NLA, genders=frozenset({Gender.MALE})),
        make_place(id="wmo", category=WMO),
    ]
    step = match(regions, places, make_facts(), decision_for(NLA, WMO)).next_step
    assert step.code is NextStepCode.NEXT_CATEGORY
    assert step.text == (
        "Er zijn geen passende NLA-plekken; passende Wmo-plekken zijn vrij: Testopvang, Amsterdam."
    )


def test_next_step_puts_the_case_on_the_waiting_list_of_the_first_fitting_category(
    regions: RegionTable,
) -> None:
    places = [
        make_place(id="omm", category=OMM, free=0, expected_free_on=dt.date(2026, 12, 3)),
        make_place(id="wmo", category=WMO, free=0, expected_free_on=dt.date(2026, 12, 1)),
    ]
    step = match(regions, places, make_facts(), decision_for(OMM, WMO)).next_step
    assert step.code is NextStepCode.WAITING_LIST
    assert step.category is OMM
    assert step.text == (
        "Alle passende plekken zijn bezet. Zet de casus op de wachtlijst voor OMM (opvang "
        "multiproblematiek); naar verwachting komt er op 03-12-2026 een plek vrij. Regel "
        "intussen een zo veilig mogelijke tussenoplossing."
    )


def test_to_dict_follows_the_match_contract_and_never_includes_the_phone(
    regions: RegionTable,
) -> None:
    place = make_place(phone="+31 20 000 0000", expected_free_on=dt.date(2026, 12, 3), free=0)
    data = match(regions, [place]).to_dict()
    assert set(data) == {
        "decision", "national_gap", "no_capacity", "places", "almost", "next_step",
        "earliest_expected_free", "category_status",
    }  # fmt: skip
    assert data["decision"] == decision_for(WMO).to_dict()
    assert data["earliest_expected_free"] == "2026-12-03"
    assert data["next_step"]["code"] == "waiting_list"
    assert data["category_status"] == [
        {"category": "wmo", "status": "full", "eligible_groups": 1, "available": 0}
    ]
    (item,) = data["places"]
    assert item == {
        "id": "wmo-test",
        "organisation": "Testopvang",
        "location_name": "Testopvang, Amsterdam",
        "municipality": "GM0363",
        "category": "wmo",
        "capacity": 4,
        "available": 0,
        "eligible": True,
        "reasons": [{"code": "full", "text": "Geen bed vrij: alle 4 bedden zijn bezet."}],
        "distance_km": 0.0,
        "score": 1.0,
        "stale": False,
        "availability_updated_at": "2026-11-28T03:00:00+00:00",
    }
    assert "+31" not in repr(data)


# --- the four people of the report -------------------------------------------------------------

Persona = Callable[[str], CaseFacts]


def match_persona(
    name: str,
    persona: Persona,
    places: Sequence[GroupProfile],
    regions: RegionTable,
    today: dt.date,
) -> MatchResult:
    facts = persona(name)
    decision = route_case(facts, today=today, regions=regions)
    return match_case(facts, decision, places, regions=regions, now=NOW)


def test_sandra_is_refused_by_every_regular_place_for_her_addiction_and_fits_omm(
    persona: Persona, landscape: list[GroupProfile], regions: RegionTable, today: dt.date
) -> None:
    result = match_persona("sandra", persona, landscape, regions, today)
    eligible = {m.place.id for m in result.places if m.eligible}
    assert eligible == {p.id for p in landscape if p.category is OMM}
    excluding_addiction = [m for m in result.places if m.place.contra_indications_excluded]
    assert excluding_addiction
    for m in excluding_addiction:
        text = next(r.text for r in m.reasons if r.code is ReasonCode.CONTRA_INDICATION)
        assert text.startswith("Deze plek sluit verslaving uit")
    wmo = [m for m in result.places if m.place.category is WMO]
    assert all(ReasonCode.CONTRA_INDICATION in m.failed for m in wmo)
    assert result.next_step.code is NextStepCode.PLACE
    assert result.next_step.category is OMM


def test_sandra_goes_on_the_omm_waiting_list_when_every_omm_place_is_full(
    persona: Persona, landscape: list[GroupProfile], regions: RegionTable, today: dt.date
) -> None:
    places = with_free(landscape, 0, "omm-")
    result = match_persona("sandra", persona, places, regions, today)
    assert result.no_capacity
    assert not result.national_gap
    assert result.next_step.code is NextStepCode.WAITING_LIST
    assert result.next_step.category is OMM
    assert "wachtlijst voor OMM" in result.next_step.text
    assert result.category_status[0].status == "full"


def test_maria_fits_only_the_female_cosm_places_and_yadeborg_refuses_her_for_gender(
    persona: Persona, landscape: list[GroupProfile], regions: RegionTable, today: dt.date
) -> None:
    result = match_persona("maria", persona, landscape, regions, today)
    assert {m.place.id for m in result.places if m.eligible} == {"cosm-essm", "cosm-ctm-v"}
    assert ids(result)[:2] == ["cosm-essm", "cosm-ctm-v"]  # high risk: not where she was found
    yadeborg = next(m for m in result.places if m.place.id == "cosm-yadeborg")
    assert yadeborg.failed == (ReasonCode.GENDER,)
    assert yadeborg.reasons[0].text == "Deze plek neemt alleen mannen op."


def test_radek_fits_the_nla_places_first(
    persona: Persona, landscape: list[GroupProfile], regions: RegionTable, today: dt.date
) -> None:
    result = match_persona("radek", persona, landscape, regions, today)
    assert result.decision.placement_authority is PlacementAuthority.NLA
    assert ids(result)[:2] == ["nla-arosa", "nla-ctm"]
    assert result.next_step.code is NextStepCode.PLACE
    assert result.next_step.place_id == "nla-arosa"


def test_radek_is_offered_the_mens_places_when_both_nla_groups_are_full(
    persona: Persona, landscape: list[GroupProfile], regions: RegionTable, today: dt.date
) -> None:
    places = with_free(landscape, 0, "nla-")
    result = match_persona("radek", persona, places, regions, today)
    mens_places = {p.id for p in landscape if p.category is MEN}
    assert set(ids(result)[:3]) == mens_places
    assert all(m.placeable for m in result.places[:3])
    assert {m.place.id for m in result.places if m.eligible and m.place.category is NLA} == {
        "nla-arosa",
        "nla-ctm",
    }
    assert result.category_status[0].category is NLA
    assert result.category_status[0].status == "full"
    assert result.next_step.code is NextStepCode.NEXT_CATEGORY
    assert result.next_step.text.startswith("NLA-plekken zijn vol; passende mannenopvang is vrij")
    assert not result.no_capacity


def test_amir_meets_a_national_gap_and_the_mens_places_fail_him_only_on_safety(
    persona: Persona, landscape: list[GroupProfile], regions: RegionTable, today: dt.date
) -> None:
    result = match_persona("amir", persona, landscape, regions, today)
    assert result.national_gap
    assert not result.no_capacity
    assert not any(m.eligible for m in result.places)
    assert result.next_step.code is NextStepCode.AD_HOC
    # Unsafe for him is no objection a shelter can waive: no place is "almost".
    assert result.almost == ()
    mens = [m for m in result.places if m.place.category is MEN]
    assert all(m.failed == (ReasonCode.SAFETY,) for m in mens)
    assert Exploitation.CRIMINAL in persona("amir").exploitation
