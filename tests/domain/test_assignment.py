"""Batch assignment of free beds to the waiting list: priority, constraints, both solvers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from tests.domain.test_eligibility import NOW, decision_for, make_facts, make_place
from veiligeplek.domain.assignment import (
    Proposal,
    Solver,
    WaitingCase,
    choose_solver,
    priority,
    propose_assignment,
)
from veiligeplek.domain.enums import (
    ContraIndication,
    Exploitation,
    Gender,
    PlaceCategory,
    SafetyRisk,
)
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.places import GroupProfile
from veiligeplek.domain.routing import route_case

WMO, OMM, COSM = PlaceCategory.WMO, PlaceCategory.OMM, PlaceCategory.COSM
DAY = dt.timedelta(hours=24)


def waiting(
    case_id: str,
    *,
    urgent: bool = False,
    days: int = 0,
    categories: tuple[PlaceCategory, ...] = (WMO,),
    **facts: Any,
) -> WaitingCase:
    return WaitingCase(
        case_id=case_id,
        facts=make_facts(**facts),
        decision=decision_for(*categories),
        urgent=urgent,
        days_waiting=days,
    )


def propose(
    regions: RegionTable,
    cases: list[WaitingCase],
    places: list[GroupProfile],
    *,
    solver: Solver = "auto",
) -> Proposal:
    return propose_assignment(
        cases, places, regions=regions, now=NOW, stale_after=DAY, solver=solver
    )


@pytest.mark.parametrize(
    ("urgent", "risk", "days", "expected"),
    [
        (False, SafetyRisk.NORMAL, 0, 1.0),
        (False, SafetyRisk.NORMAL, 30, 1.5),
        (False, SafetyRisk.NORMAL, 60, 2.0),
        (False, SafetyRisk.NORMAL, 365, 2.0),
        (False, SafetyRisk.NORMAL, -3, 1.0),
        (False, SafetyRisk.HIGH, 0, 2.0),
        (True, SafetyRisk.NORMAL, 0, 4.0),
        (True, SafetyRisk.HIGH, 60, 6.0),
    ],
)
def test_priority_weighs_urgency_then_safety_risk_then_days_waiting(
    urgent: bool, risk: SafetyRisk, days: int, expected: float
) -> None:
    case = waiting("c", urgent=urgent, days=days, safety_risk=risk)
    assert priority(case) == pytest.approx(expected)


def test_an_urgent_case_always_outranks_any_non_urgent_case() -> None:
    fresh_urgent = waiting("u", urgent=True)
    old_risky = waiting("o", days=10_000, safety_risk=SafetyRisk.HIGH)
    assert priority(fresh_urgent) > priority(old_risky)


def test_a_single_bed_goes_to_the_case_with_the_higher_priority(regions: RegionTable) -> None:
    cases = [waiting("new"), waiting("urgent", urgent=True), waiting("old", days=40)]
    proposal = propose(regions, cases, [make_place(free=1)])
    assert proposal.pairs == (("urgent", "wmo-test"),)
    assert proposal.unassigned == ("old", "new")


def test_each_group_contributes_only_its_available_beds(regions: RegionTable) -> None:
    cases = [waiting(f"c{i}") for i in range(4)]
    proposal = propose(regions, cases, [make_place(free=3, held=1)])
    assert len(proposal.pairs) == 2
    assert len(proposal.unassigned) == 2


def test_a_case_without_an_eligible_bed_stays_on_the_waiting_list(regions: RegionTable) -> None:
    cases = [waiting("man", gender=Gender.MALE), waiting("woman")]
    places = [make_place(genders=frozenset({Gender.FEMALE}), free=5)]
    proposal = propose(regions, cases, places)
    assert proposal.pairs == (("woman", "wmo-test"),)
    assert proposal.unassigned == ("man",)


def test_beds_are_shared_out_for_the_best_total_not_greedily(regions: RegionTable) -> None:
    # "urgent" fits both places and slightly prefers the nearer one; "only-near" fits only the
    # nearer one. Greedy would leave "only-near" waiting; the optimum places both.
    near = make_place(id="near", municipality="GM0363", free=1)
    far = make_place(id="far", municipality="GM0599", free=1)
    cases = [
        waiting("urgent", urgent=True),
        waiting("only-near", contra_indications=frozenset({ContraIndication.ADDICTION})),
    ]
    far = dataclasses.replace(far, contra_indications_excluded=frozenset(ContraIndication))
    proposal = propose(regions, cases, [near, far])
    assert proposal.pairs == (("urgent", "far"), ("only-near", "near"))
    assert proposal.unassigned == ()


def test_an_empty_waiting_list_or_no_free_bed_gives_an_empty_proposal(
    regions: RegionTable,
) -> None:
    assert propose(regions, [], [make_place()]) == Proposal(pairs=(), unassigned=(), total_weight=0)
    nothing_free = propose(regions, [waiting("c")], [make_place(free=0)])
    assert nothing_free == Proposal(pairs=(), unassigned=("c",), total_weight=0)


def test_the_proposal_serialises_pairs_and_waiting_cases(regions: RegionTable) -> None:
    proposal = propose(regions, [waiting("a"), waiting("b")], [make_place(free=1)])
    data = proposal.to_dict()
    assert data["pairs"] == [{"case_id": "a", "place_id": "wmo-test"}]
    assert data["unassigned"] == ["b"]
    assert data["total_weight"] == pytest.approx(proposal.total_weight)


@pytest.mark.parametrize(
    ("shape", "groups", "density", "expected"),
    [
        ((100, 100), 100, 0.2, "sparse"),
        ((100, 100), 100, 0.5, "dense"),
        ((100, 100), 10, 0.5, "sparse"),
        ((100, 100), 13, 0.5, "dense"),
        ((100, 100), 10, 0.9, "dense"),
        ((0, 0), 0, 0.0, "dense"),
    ],
)
def test_the_sparse_solver_takes_few_eligible_pairs_or_many_identical_beds(
    shape: tuple[int, int], groups: int, density: float, expected: str
) -> None:
    matrix = np.zeros(shape)
    matrix.flat[: int(matrix.size * density)] = 1.0
    assert choose_solver(matrix, groups=groups) == expected


def random_instance(seed: int) -> tuple[list[WaitingCase], list[GroupProfile]]:
    rng = random.Random(seed)
    towns = ["GM0363", "GM0599", "GM0014", "GM0344", "GM0772", "GM0518"]
    categories = [WMO, OMM, PlaceCategory.MANNENOPVANG]
    places = [
        make_place(
            id=f"g{i}",
            municipality=rng.choice(towns),
            category=rng.choice(categories),
            genders=rng.choice([frozenset(), frozenset({Gender.FEMALE}), frozenset({Gender.MALE})]),
            multi_labelled=rng.random() < 0.3,
            free=rng.randint(0, 12),
        )
        for i in range(12)
    ]
    cases = [
        waiting(
            f"c{i}",
            urgent=rng.random() < 0.2,
            days=rng.randint(0, 90),
            categories=tuple(rng.sample(categories, rng.randint(1, 3))),
            gender=rng.choice([Gender.FEMALE, Gender.MALE]),
            found_municipality=rng.choice(towns),
            safety_risk=rng.choice(list(SafetyRisk)),
        )
        for i in range(80)
    ]
    return cases, places


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_dense_and_the_sparse_solver_reach_the_same_optimum(
    regions: RegionTable, seed: int
) -> None:
    cases, places = random_instance(seed)
    dense = propose(regions, cases, places, solver="dense")
    sparse = propose(regions, cases, places, solver="sparse")
    assert dense.total_weight == pytest.approx(sparse.total_weight, rel=1e-12)
    assert len(dense.pairs) == len(sparse.pairs)
    used = Counter(place for _, place in sparse.pairs)
    assert all(used[p.id] <= p.available for p in places)


def test_the_people_of_the_report_get_a_bed_of_their_route_and_amir_stays_waiting(
    regions: RegionTable,
    landscape: list[GroupProfile],
    persona: Callable[[str], CaseFacts],
    today: dt.date,
) -> None:
    cases = []
    for name in ("sandra", "maria", "radek", "amir"):
        facts = persona(name)
        decision = route_case(facts, today=today, regions=regions)
        cases.append(WaitingCase(name, facts, decision, urgent=False, days_waiting=3))
    proposal = propose(regions, cases, landscape)
    placed = dict(proposal.pairs)
    category = {p.id: p.category for p in landscape}
    assert category[placed["sandra"]] is OMM
    assert placed["maria"] == "cosm-essm"  # high safety risk: away from where she was found
    assert placed["radek"] == "nla-arosa"
    assert proposal.unassigned == ("amir",)
    assert Exploitation.CRIMINAL in persona("amir").exploitation
