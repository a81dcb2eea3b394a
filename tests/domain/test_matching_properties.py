"""Properties of eligibility, matching and batch assignment over random cases and places.

The hard criteria are re-stated here from the rules (``violations``), independently of the
implementation, and every property is checked against that statement.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import Counter
from itertools import permutations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.domain.test_eligibility import DAY, NOW, decision_for
from veiligeplek.data.reference import default_region_table
from veiligeplek.domain.assignment import (
    Solver,
    WaitingCase,
    fit_matrix,
    priority,
    propose_assignment,
)
from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.eligibility import (
    evaluate,
    failure_matrices,
    is_stale,
)
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
from veiligeplek.domain.geography import distance_km
from veiligeplek.domain.matching import fit_score, match_case
from veiligeplek.domain.places import GroupProfile, RegionBinding

REGIONS = default_region_table()  # not the fixture: hypothesis reruns one test many times
TOWNS = ("GM0599", "GM0489", "GM0505", "GM0363", "GM0014", "GM1783", "GM0772", "GM0518")
AREAS = sorted(
    {
        RegionBinding(kind, code)
        for town in map(REGIONS.municipality, TOWNS)
        for kind, code in (
            (RegionBindingKind.MUNICIPALITY, town.code),
            (RegionBindingKind.POLICE_UNIT, town.police_unit),
            (RegionBindingKind.CARE_REGION, town.care_region),
        )
    },
    key=lambda b: (b.kind.value, b.code),
)
PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def subsets[T](values: list[T]) -> st.SearchStrategy[frozenset[T]]:
    return st.frozensets(st.sampled_from(values))


# Built once: building strategies inside every draw costs more than the tests themselves.
TOWN = st.sampled_from(TOWNS)
MAYBE_TOWN = st.none() | TOWN
MAYBE_GENDER = st.none() | st.sampled_from(Gender)
GENDERS = subsets(list(Gender))
FORMS = subsets(list(Exploitation))
CONTRA = subsets(list(ContraIndication))
CATEGORY = st.sampled_from(PlaceCategory)
ROUTE = st.lists(CATEGORY, unique=True, max_size=3)
MAYBE_AGE = st.none() | st.integers(0, 80)
MAYBE_AGE_MIN = st.none() | st.integers(0, 25)
MAYBE_AGE_MAX = st.none() | st.integers(15, 70)
MAYBE_BINDING = st.none() | st.sampled_from(AREAS)
MAYBE_UPDATED = st.none() | st.integers(0, 48).map(lambda h: NOW - dt.timedelta(hours=h))
MAYBE_EXPECTED = st.none() | st.dates(dt.date(2026, 11, 28), dt.date(2027, 1, 31))
RISK = st.sampled_from(SafetyRisk)
FLAG = st.booleans()


@st.composite
def case_facts(draw: st.DrawFn) -> CaseFacts:
    return CaseFacts(
        found_municipality=draw(TOWN),
        exploitation=draw(FORMS),
        gender=draw(MAYBE_GENDER),
        age=draw(MAYBE_AGE),
        contra_indications=draw(CONTRA),
        multi_problem=draw(FLAG),
        children=draw(st.integers(0, 2)),
        safety_risk=draw(RISK),
    )


@st.composite
def decisions(draw: st.DrawFn) -> RoutingDecision:
    return decision_for(
        *draw(ROUTE),
        gap_categories=tuple(draw(ROUTE)),
        national_gap=draw(FLAG),
        responsible=draw(MAYBE_TOWN),
    )


@st.composite
def place_groups(draw: st.DrawFn) -> GroupProfile:
    capacity = draw(st.integers(1, 3))
    return GroupProfile(
        id="",
        organisation="Testopvang",
        location_name="Testopvang",
        municipality=draw(TOWN),
        category=draw(CATEGORY),
        placement_authority=PlacementAuthority.COMENSHA,
        capacity=capacity,
        capacity_min=draw(st.integers(0, capacity)),
        genders=draw(GENDERS),
        age_min=draw(MAYBE_AGE_MIN),
        age_max=draw(MAYBE_AGE_MAX),
        exploitation_served=draw(FORMS),
        contra_indications_excluded=draw(CONTRA),
        multi_problem_accepted=draw(FLAG),
        children_allowed=draw(FLAG),
        region_binding=draw(MAYBE_BINDING),
        multi_labelled=draw(FLAG),
        free=draw(st.integers(0, capacity)),
        held=draw(st.integers(0, 1)),
        availability_updated_at=draw(MAYBE_UPDATED),
        expected_free_on=draw(MAYBE_EXPECTED),
    )


def landscapes(max_size: int = 8) -> st.SearchStrategy[list[GroupProfile]]:
    return st.lists(place_groups(), max_size=max_size).map(
        lambda groups: [dataclasses.replace(g, id=f"p{i:02d}") for i, g in enumerate(groups)]
    )


@st.composite
def waiting_cases(draw: st.DrawFn, max_size: int) -> list[WaitingCase]:
    size = draw(st.integers(0, max_size))
    return [
        WaitingCase(
            case_id=f"c{i}",
            facts=draw(case_facts()),
            decision=draw(decisions()),
            urgent=draw(FLAG),
            days_waiting=draw(st.integers(0, 90)),
        )
        for i in range(size)
    ]


def violations(place: GroupProfile, facts: CaseFacts, decision: RoutingDecision) -> set[str]:
    """The hard criteria of the eligibility rules, stated once more, plainly."""
    found: set[str] = set()
    route = decision.gap_categories if decision.national_gap else decision.place_categories
    if place.category not in route:
        found.add("category")
    if place.genders and facts.gender not in place.genders:
        found.add("gender")
    age = facts.age
    if age is not None and not (place.age_min or 0) <= age <= (place.age_max or 999):
        found.add("age")
    other_forms = {e for e in facts.exploitation if e is not Exploitation.CRIMINAL}
    if other_forms and not other_forms & place.exploitation_served:
        found.add("exploitation")
    if facts.contra_indications & place.contra_indications_excluded or (
        facts.multi_problem and not place.multi_problem_accepted
    ):
        found.add("contra_indication")
    if facts.children and not place.children_allowed:
        found.add("children")
    if place.region_binding and not bound_area_holds(place.region_binding, facts, decision):
        found.add("region_binding")
    if Exploitation.CRIMINAL in facts.exploitation - place.exploitation_served:
        found.add("safety")
    return found


def bound_area_holds(binding: RegionBinding, facts: CaseFacts, decision: RoutingDecision) -> bool:
    towns = {facts.found_municipality, decision.responsible_municipality} - {None}
    areas = set()
    for town in towns:
        municipality = REGIONS.municipality(str(town))
        areas |= {
            (RegionBindingKind.MUNICIPALITY, municipality.code),
            (RegionBindingKind.POLICE_UNIT, municipality.police_unit),
            (RegionBindingKind.CARE_REGION, municipality.care_region),
        }
    return (binding.kind, binding.code) in areas


# --- eligibility ------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(place=place_groups(), facts=case_facts(), decision=decisions())
def test_evaluate_fails_exactly_the_hard_criteria_the_rules_state(
    place: GroupProfile, facts: CaseFacts, decision: RoutingDecision
) -> None:
    evaluation = evaluate(place, facts, decision, regions=REGIONS, now=NOW, stale_after=DAY)
    assert {code.value for code in evaluation.failed} == violations(place, facts, decision)
    assert evaluation.eligible == (not violations(place, facts, decision))


@PROPERTY_SETTINGS
@given(
    cases=st.lists(st.tuples(case_facts(), decisions()), min_size=1, max_size=6),
    places=landscapes(),
)
def test_the_vectorised_criteria_agree_with_evaluate_pair_by_pair(
    cases: list[tuple[CaseFacts, RoutingDecision]], places: list[GroupProfile]
) -> None:
    matrices = failure_matrices(cases, places, regions=REGIONS)
    for i, (facts, decision) in enumerate(cases):
        for j, place in enumerate(places):
            evaluation = evaluate(place, facts, decision, regions=REGIONS, now=NOW, stale_after=DAY)
            vectorised = {code for code, matrix in matrices.items() if matrix[i, j]}
            assert vectorised == set(evaluation.failed), (facts, decision, place)


@PROPERTY_SETTINGS
@given(
    cases=st.lists(st.tuples(case_facts(), decisions()), min_size=1, max_size=5),
    places=landscapes(),
)
def test_the_vectorised_fit_agrees_with_the_score_of_matching(
    cases: list[tuple[CaseFacts, RoutingDecision]], places: list[GroupProfile]
) -> None:
    assume(places)
    matrix = fit_matrix(cases, places, regions=REGIONS, now=NOW, stale_after=DAY)
    for i, (facts, decision) in enumerate(cases):
        for j, place in enumerate(places):
            expected = fit_score(
                place, facts, decision,
                distance_km=distance(facts.found_municipality, place.municipality),
                stale=is_stale(place, now=NOW, stale_after=DAY),
            )  # fmt: skip
            assert matrix[i, j] == pytest.approx(expected, abs=1e-12)


def distance(a: str, b: str) -> float:
    return distance_km(REGIONS.municipality(a), REGIONS.municipality(b))


# --- matching ---------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(facts=case_facts(), decision=decisions(), places=landscapes())
def test_no_eligible_place_ever_violates_a_hard_criterion(
    facts: CaseFacts, decision: RoutingDecision, places: list[GroupProfile]
) -> None:
    result = match_case(facts, decision, places, regions=REGIONS, now=NOW)
    for m in result.places:
        assert m.eligible == (not violations(m.place, facts, decision))
        assert {c.value for c in m.failed} == violations(m.place, facts, decision)


@PROPERTY_SETTINGS
@given(facts=case_facts(), decision=decisions(), places=landscapes(), seed=st.integers(0, 99))
def test_the_ranking_is_the_same_for_the_same_input_in_any_order(
    facts: CaseFacts, decision: RoutingDecision, places: list[GroupProfile], seed: int
) -> None:
    first = match_case(facts, decision, places, regions=REGIONS, now=NOW)
    again = match_case(facts, decision, places, regions=REGIONS, now=NOW)
    shuffled = list(places)
    random.Random(seed).shuffle(shuffled)
    reordered = match_case(facts, decision, shuffled, regions=REGIONS, now=NOW)
    assert first == again
    assert first == reordered


@PROPERTY_SETTINGS
@given(facts=case_facts(), decision=decisions(), places=landscapes())
def test_eligible_places_with_a_free_bed_always_come_first(
    facts: CaseFacts, decision: RoutingDecision, places: list[GroupProfile]
) -> None:
    result = match_case(facts, decision, places, regions=REGIONS, now=NOW)
    tiers = [0 if m.placeable else 1 if m.eligible else 2 for m in result.places]
    assert tiers == sorted(tiers)
    assert len(result.places) == len(places)


@PROPERTY_SETTINGS
@given(facts=case_facts(), decision=decisions(), places=landscapes())
def test_a_national_gap_means_that_no_place_is_eligible(
    facts: CaseFacts, decision: RoutingDecision, places: list[GroupProfile]
) -> None:
    result = match_case(facts, decision, places, regions=REGIONS, now=NOW)
    assert result.national_gap is not any(m.eligible for m in result.places)
    eligible_free = any(m.placeable for m in result.places)
    assert result.no_capacity is (not result.national_gap and not eligible_free)
    assert (result.next_step.code.value == "ad_hoc") is result.national_gap


@PROPERTY_SETTINGS
@given(facts=case_facts(), decision=decisions(), places=landscapes())
def test_within_a_tier_the_score_never_rises_for_places_equally_fresh(
    facts: CaseFacts, decision: RoutingDecision, places: list[GroupProfile]
) -> None:
    result = match_case(facts, decision, places, regions=REGIONS, now=NOW)
    for tier in (
        [m for m in result.places if m.placeable],
        [m for m in result.places if m.eligible and not m.placeable],
    ):
        for fresh in (True, False):
            scores = [m.score for m in tier if m.stale is not fresh]
            assert scores == sorted(scores, reverse=True)
    assert all(0 <= m.score <= 1 for m in result.places)


@PROPERTY_SETTINGS
@given(facts=case_facts(), decision=decisions(), places=landscapes())
def test_almost_places_fail_exactly_one_criterion_that_is_not_the_category(
    facts: CaseFacts, decision: RoutingDecision, places: list[GroupProfile]
) -> None:
    result = match_case(facts, decision, places, regions=REGIONS, now=NOW)
    by_id = {m.place.id: m for m in result.places}
    assert len(result.almost) <= 5
    for place_id in result.almost:
        (failure,) = by_id[place_id].failed
        assert failure is not ReasonCode.CATEGORY
    distances = [by_id[i].distance_km for i in result.almost]
    assert distances == sorted(distances)


# --- batch assignment -------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(cases=waiting_cases(max_size=8), places=landscapes(max_size=8))
@pytest.mark.parametrize("solver", ["dense", "sparse"])
def test_batch_assignment_never_assigns_an_ineligible_pair_a_bed_twice_or_a_case_twice(
    solver: Solver, cases: list[WaitingCase], places: list[GroupProfile]
) -> None:
    proposal = propose_assignment(
        cases, places, regions=REGIONS, now=NOW, stale_after=DAY, solver=solver
    )
    by_case = {c.case_id: c for c in cases}
    by_place = {p.id: p for p in places}
    assigned = [case_id for case_id, _ in proposal.pairs]
    assert len(assigned) == len(set(assigned))
    assert sorted(assigned + list(proposal.unassigned)) == sorted(by_case)
    for place_id, used in Counter(place for _, place in proposal.pairs).items():
        assert used <= by_place[place_id].available
    for case_id, place_id in proposal.pairs:
        case = by_case[case_id]
        assert not violations(by_place[place_id], case.facts, case.decision)


@PROPERTY_SETTINGS
@given(cases=waiting_cases(max_size=5), places=landscapes(max_size=5))
@pytest.mark.parametrize("solver", ["auto", "dense", "sparse"])
def test_batch_assignment_reaches_the_brute_force_optimum_on_small_instances(
    solver: Solver, cases: list[WaitingCase], places: list[GroupProfile]
) -> None:
    assume(sum(p.available for p in places) <= 5)
    proposal = propose_assignment(
        cases, places, regions=REGIONS, now=NOW, stale_after=DAY, solver=solver
    )
    assert proposal.total_weight == pytest.approx(brute_force_optimum(cases, places), abs=1e-9)


def pair_weight(case: WaitingCase, place: GroupProfile) -> float:
    if violations(place, case.facts, case.decision):
        return 0.0
    fit = fit_score(
        place, case.facts, case.decision,
        distance_km=distance(case.facts.found_municipality, place.municipality),
        stale=is_stale(place, now=NOW, stale_after=DAY),
    )  # fmt: skip
    return priority(case) * fit


def brute_force_optimum(cases: list[WaitingCase], places: list[GroupProfile]) -> float:
    """Every way to give beds to cases; an ineligible pair counts as "not placed" (weight 0)."""
    beds = [place for place in places for _ in range(place.available)]
    weights = [[pair_weight(case, bed) for bed in beds] for case in cases]
    if len(cases) <= len(beds):
        return max(
            sum(weights[i][bed] for i, bed in enumerate(choice))
            for choice in permutations(range(len(beds)), len(cases))
        )
    return max(
        sum(weights[case][j] for j, case in enumerate(choice))
        for choice in permutations(range(len(cases)), len(beds))
    )
