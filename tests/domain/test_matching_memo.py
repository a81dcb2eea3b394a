"""The match on columns equals the straightforward one: every place judged on its own with
``evaluate``, scored with ``fit_score`` and sorted by ``rank_key``, as matching did before it
learned to judge each distinct set of criteria and measure each municipality once
(docs/benchmarks.md). Landscapes here repeat their criteria on purpose, so that sets are shared."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import pytest
from bench.landscape import availability_plan, case_mix, synthetic_rows
from bench.landscape import place_groups as bench_place_groups
from hypothesis import given
from hypothesis import strategies as st

from tests.domain.test_eligibility import DAY, NOW
from tests.domain.test_matching_properties import (
    FLAG,
    MAYBE_UPDATED,
    PROPERTY_SETTINGS,
    REGIONS,
    TOWN,
    case_facts,
    decisions,
    place_groups,
)
from veiligeplek.data.landscape import shipped_landscape
from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.eligibility import (
    case_values,
    criteria_key,
    evaluate,
    hard_reasons,
    is_stale,
    route_categories,
)
from veiligeplek.domain.enums import Exploitation, ReasonCode
from veiligeplek.domain.facts import CaseFacts, parse_case_facts
from veiligeplek.domain.geography import distance_km
from veiligeplek.domain.matching import (
    ALMOST_MAX,
    BRIEF_ABOVE,
    BRIEF_IN_FULL,
    CategoryStatus,
    MatchResult,
    PlaceMatch,
    RankedPlaces,
    almost_policy,
    fit_score,
    match_case,
    match_table,
    next_step,
    place_dicts,
    place_table,
    rank_key,
)
from veiligeplek.domain.places import Availability, GroupProfile
from veiligeplek.domain.routing import route_case

AMSTERDAM_TIME = ZoneInfo("Europe/Amsterdam")


def straightforward(
    facts: CaseFacts, decision: RoutingDecision, places: Sequence[GroupProfile]
) -> MatchResult:
    """``match_case`` without memos, as it was written before."""
    found = REGIONS.municipality(facts.found_municipality)
    matches = []
    for place in places:
        km = distance_km(found, REGIONS.municipality(place.municipality))
        evaluation = evaluate(place, facts, decision, regions=REGIONS, now=NOW, stale_after=DAY)
        score = fit_score(place, facts, decision, distance_km=km, stale=evaluation.stale)
        matches.append(
            PlaceMatch(
                place=place,
                eligible=evaluation.eligible,
                available=place.available,
                reasons=evaluation.reasons,
                distance_km=round(km, 1),
                score=round(score, 3) if evaluation.eligible else 0.0,
            )
        )
    ordered = tuple(sorted(matches, key=lambda m: rank_key(m, facts, decision)))
    eligible = [m for m in ordered if m.eligible]
    expected = [m.place.expected_free_on for m in eligible if m.place.expected_free_on]
    status = tuple(
        CategoryStatus(
            category=category,
            eligible_groups=sum(1 for m in eligible if m.place.category is category),
            available=sum(m.available for m in eligible if m.place.category is category),
        )
        for category in route_categories(decision)
    )
    policy = almost_policy(decision)
    near = [m for m in ordered if len(m.failed) == 1 and m.failed[0] in policy.waivable]
    near = [m for m in near if m.failed[0] is not ReasonCode.AGE or _age_gap(m, facts) <= 1]
    near.sort(key=lambda m: m.distance_km)
    return MatchResult(
        decision=decision,
        places=ordered,
        national_gap=not eligible,
        no_capacity=bool(eligible) and not any(m.available > 0 for m in eligible),
        earliest_expected_free=min(expected, default=None),
        almost=tuple(m.place.id for m in near[:ALMOST_MAX]),
        next_step=next_step(ordered, status, facts, decision),
        category_status=status,
    )


def _age_gap(m: PlaceMatch, facts: CaseFacts) -> int:
    age, low, high = facts.age or 0, m.place.age_min, m.place.age_max
    return max(low - age if low is not None else 0, age - high if high is not None else 0)


def opened(kind: GroupProfile) -> GroupProfile:
    """The same kind of group without admission criteria besides its category."""
    return dataclasses.replace(
        kind,
        genders=frozenset(),
        age_min=None,
        age_max=None,
        exploitation_served=frozenset(Exploitation),
        contra_indications_excluded=frozenset(),
        multi_problem_accepted=True,
        children_allowed=True,
        region_binding=None,
    )


# A few sets of criteria, each shared by several groups at several towns with their own beds,
# sharing and update times (sometimes the same time in another zone, sometimes the same id).
@st.composite
def shared_landscapes(draw: st.DrawFn) -> list[GroupProfile]:
    kinds = [
        opened(kind) if draw(FLAG) else kind  # so that eligible places are common
        for kind in draw(st.lists(place_groups(), min_size=1, max_size=4))
    ]
    places = []
    for i in range(draw(st.integers(0, 24))):
        kind = draw(st.sampled_from(kinds))
        updated = draw(MAYBE_UPDATED)
        if updated is not None and draw(FLAG):
            updated = updated.astimezone(AMSTERDAM_TIME)
        places.append(
            dataclasses.replace(
                kind,
                id=f"p{draw(st.integers(0, i))}",
                municipality=draw(TOWN),
                multi_labelled=draw(FLAG),
                free=draw(st.integers(0, kind.capacity)),
                held=draw(st.integers(0, 1)),
                availability_updated_at=updated,
                phone=draw(st.sampled_from([None, "", "020 555 0101"])),
            )
        )
    return places


@PROPERTY_SETTINGS
@given(facts=case_facts(), decision=decisions(), places=shared_landscapes())
def test_the_memoised_match_equals_the_straightforward_one(
    facts: CaseFacts, decision: RoutingDecision, places: list[GroupProfile]
) -> None:
    assert match_case(facts, decision, places, regions=REGIONS, now=NOW) == straightforward(
        facts, decision, places
    )


@PROPERTY_SETTINGS
@given(facts=case_facts(), decision=decisions(), places=shared_landscapes())
def test_the_hard_reasons_of_a_criteria_key_are_those_evaluate_gives(
    facts: CaseFacts, decision: RoutingDecision, places: list[GroupProfile]
) -> None:
    case = case_values(facts, decision)
    expected = [
        tuple(
            r
            for r in evaluate(
                place, facts, decision, regions=REGIONS, now=NOW, stale_after=DAY
            ).reasons
            if r.hard
        )
        for place in places
    ]
    assert [hard_reasons(case, criteria_key(p), REGIONS) for p in places] == expected


@PROPERTY_SETTINGS
@given(facts=case_facts(), decision=decisions(), places=shared_landscapes())
def test_the_result_dict_lists_each_place_as_its_own_dict(
    facts: CaseFacts, decision: RoutingDecision, places: list[GroupProfile]
) -> None:
    result = match_case(facts, decision, places, regions=REGIONS, now=NOW)
    assert result.to_dict()["places"] == [m.to_dict() for m in result.places]
    with_phone = result.to_dict(with_phone=True)["places"]
    for item, m in zip(with_phone, result.places, strict=True):
        assert item == {**m.to_dict(), "phone_24_7": m.place.phone or None}
        assert list(item) == [*m.to_dict(), "phone_24_7"]  # the phone comes last


@PROPERTY_SETTINGS
@given(facts=case_facts(), decision=decisions(), places=shared_landscapes(), phone=FLAG, brief=FLAG)
def test_the_items_written_from_the_columns_are_those_of_the_matches(
    facts: CaseFacts,
    decision: RoutingDecision,
    places: list[GroupProfile],
    phone: bool,
    brief: bool,
) -> None:
    result = match_case(facts, decision, places, regions=REGIONS, now=NOW)
    assert isinstance(result.places, RankedPlaces)
    expected = place_dicts(
        tuple(result.places), with_phone=phone, brief=brief, almost=result.almost
    )
    assert result.to_dict(with_phone=phone, brief=brief)["places"] == expected


@PROPERTY_SETTINGS
@given(facts=case_facts(), decision=decisions(), places=shared_landscapes())
def test_a_table_with_separate_availability_matches_as_the_groups_that_carry_it(
    facts: CaseFacts, decision: RoutingDecision, places: list[GroupProfile]
) -> None:
    """As the registry calls it: the table of one generation, availability per request."""
    static = place_table(
        [dataclasses.replace(p, free=0, held=0, availability_updated_at=None) for p in places]
    )
    result = match_table(facts, decision, static, Availability.of(places), regions=REGIONS, now=NOW)
    expected = match_case(facts, decision, places, regions=REGIONS, now=NOW)
    assert result == expected
    assert result.to_dict(with_phone=True) == expected.to_dict(with_phone=True)


@st.composite
def availabilities(draw: st.DrawFn, places: list[GroupProfile]) -> Availability:
    """Another availability for the same groups: some as before (the same time objects), some
    changed."""
    keep = [draw(FLAG) for _ in places]
    return Availability(
        free=tuple(
            p.free if k else draw(st.integers(0, p.capacity))
            for p, k in zip(places, keep, strict=True)
        ),
        held=tuple(
            p.held if k else draw(st.integers(0, 1)) for p, k in zip(places, keep, strict=True)
        ),
        updated_at=tuple(
            p.availability_updated_at if k else draw(MAYBE_UPDATED)
            for p, k in zip(places, keep, strict=True)
        ),
    )


@PROPERTY_SETTINGS
@given(facts=case_facts(), decision=decisions(), data=st.data())
def test_one_table_matched_again_with_changed_availability_writes_what_it_holds(
    facts: CaseFacts, decision: RoutingDecision, data: st.DataObject
) -> None:
    """As the registry keeps one table per generation: each match reads the availability it
    is given, never what an earlier match of the same table saw."""
    places = data.draw(shared_landscapes())
    table = place_table(places)
    first = Availability.of(places)
    rounds = [first, first, *data.draw(st.lists(availabilities(places), max_size=3)), first]
    for now in (NOW, NOW + dt.timedelta(hours=30)):  # later: other groups are stale
        for availability in rounds:
            result = match_table(facts, decision, table, availability, regions=REGIONS, now=now)
            live = [
                dataclasses.replace(p, free=f, held=h, availability_updated_at=u)
                for p, f, h, u in zip(
                    places,
                    availability.free,
                    availability.held,
                    availability.updated_at,
                    strict=True,
                )
            ]
            expected = match_case(facts, decision, live, regions=REGIONS, now=now)
            assert result == expected
            assert result.to_dict(with_phone=True) == expected.to_dict(with_phone=True)


def test_two_availabilities_sharing_their_update_times_are_written_each_as_it_is() -> None:
    places = [row.to_place_group() for row in shipped_landscape()]
    facts = CaseFacts(found_municipality="GM0363", exploitation=frozenset({Exploitation.SEXUAL}))
    decision = route_case(facts, today=NOW.date(), regions=REGIONS)
    table, first = place_table(places), Availability.of(places)
    second = dataclasses.replace(first, free=tuple(f + 7 for f in first.free))
    position = {p.id: i for i, p in enumerate(places)}
    for availability in (first, second, first):
        result = match_table(facts, decision, table, availability, regions=REGIONS, now=NOW)
        items = result.to_dict()["places"]
        assert [item["available"] for item in items] == [
            max(0, availability.free[i] - availability.held[i])
            for i in (position[item["id"]] for item in items)
        ]


SUMMER = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("now", "updated"),
    [
        # 23 hours on the clock of a spring day in Amsterdam: Python counts across zones in UTC
        (dt.datetime(2026, 3, 29, 12, 0, tzinfo=AMSTERDAM_TIME),
         dt.datetime(2026, 3, 28, 10, 30, tzinfo=dt.UTC)),
        # one zone: Python subtracts by the clock, so the repeated autumn hour does not count
        (dt.datetime(2026, 10, 26, 2, 40, tzinfo=AMSTERDAM_TIME),
         dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMSTERDAM_TIME)),
        (dt.datetime(2026, 10, 26, 2, 20, tzinfo=AMSTERDAM_TIME),
         dt.datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=AMSTERDAM_TIME)),
        # a fixed offset, as timezone.now() gives: by the microsecond
        (NOW, NOW - SUMMER), (NOW, NOW - SUMMER - dt.timedelta(microseconds=1)),
        (NOW.astimezone(dt.timezone(dt.timedelta(hours=1))), NOW - SUMMER),
    ],
)  # fmt: skip
def test_stale_is_judged_as_is_stale_does_in_any_zone_of_now(
    now: dt.datetime, updated: dt.datetime
) -> None:
    kind = shipped_landscape()[0].to_place_group()
    places = [
        dataclasses.replace(kind, id=str(i), availability_updated_at=when)
        for i, when in enumerate([updated, updated.astimezone(AMSTERDAM_TIME), None])
    ]
    facts = CaseFacts(found_municipality="GM0363", exploitation=frozenset())
    decision = route_case(facts, today=now.date(), regions=REGIONS)
    result = match_case(facts, decision, places, regions=REGIONS, now=now, stale_after=SUMMER)
    stale = {m.place.id: m.stale for m in result.places}
    assert stale == {p.id: is_stale(p, now=now, stale_after=SUMMER) for p in places}


def test_the_ranked_places_are_a_sequence_of_matches_made_when_asked_for() -> None:
    places = [row.to_place_group() for row in shipped_landscape()]
    facts = CaseFacts(found_municipality="GM0363", exploitation=frozenset({Exploitation.SEXUAL}))
    decision = route_case(facts, today=NOW.date(), regions=REGIONS)
    result = match_case(facts, decision, places, regions=REGIONS, now=NOW)
    ranked = result.places
    assert isinstance(ranked, RankedPlaces)
    every = tuple(ranked)
    assert len(ranked) == len(every) == len(places)
    assert ranked[0] is every[0] and ranked[-1] is every[-1]  # made once
    assert ranked[2:5] == every[2:5]
    assert ranked == every and ranked == list(every) and ranked != every[1:]
    assert sorted(m.place.id for m in ranked) == sorted(p.id for p in places)
    with pytest.raises(IndexError):
        ranked[len(places)]


def test_equal_times_in_two_zones_keep_their_own_offset_and_the_same_dutch_text() -> None:
    updated = NOW - dt.timedelta(hours=30)
    kind = shipped_landscape()[0].to_place_group()
    utc = dataclasses.replace(kind, id="utc", availability_updated_at=updated)
    dutch = dataclasses.replace(
        kind, id="nl", availability_updated_at=updated.astimezone(AMSTERDAM_TIME)
    )
    facts = CaseFacts(found_municipality="GM0363", exploitation=frozenset())
    decision = route_case(facts, today=NOW.date(), regions=REGIONS)
    result = match_case(facts, decision, [utc, dutch], regions=REGIONS, now=NOW)
    items = {item["id"]: item for item in result.to_dict()["places"]}
    assert items["utc"]["availability_updated_at"] == updated.isoformat()
    assert items["nl"]["availability_updated_at"] == updated.astimezone(AMSTERDAM_TIME).isoformat()
    assert items["utc"]["reasons"][-1] == items["nl"]["reasons"][-1]  # the stale text, Dutch time


def test_the_two_times_of_an_hour_that_occurs_twice_keep_their_offset_and_their_text() -> None:
    """Times in one zone compare equal whatever their fold: the caches must tell them apart."""
    new_york = ZoneInfo("America/New_York")
    first = dt.datetime(2026, 11, 1, 1, 30, tzinfo=new_york)  # clocks go back at 2:00
    second = first.replace(fold=1)
    assert first == second and first.utcoffset() != second.utcoffset()
    kind = shipped_landscape()[0].to_place_group()
    places = [
        dataclasses.replace(kind, id=str(fold), availability_updated_at=updated)
        for fold, updated in enumerate((first, second))
    ]
    facts = CaseFacts(found_municipality="GM0363", exploitation=frozenset())
    decision = route_case(facts, today=NOW.date(), regions=REGIONS)
    result = match_case(facts, decision, places, regions=REGIONS, now=NOW)
    items = {item["id"]: item for item in result.to_dict()["places"]}
    for fold, updated in enumerate((first, second)):
        dutch = updated.astimezone(AMSTERDAM_TIME)
        assert items[str(fold)]["availability_updated_at"] == updated.isoformat()
        assert f"{dutch:%d-%m-%Y} om {dutch:%H:%M}" in items[str(fold)]["reasons"][-1]["text"]


def test_at_ten_times_the_registry_the_mix_of_cases_matches_as_before() -> None:
    rows = synthetic_rows(10)
    places = bench_place_groups(rows, availability_plan(rows), now=NOW)
    for data in case_mix(25, today=NOW.date()):
        facts = parse_case_facts(data, municipalities=REGIONS.municipalities)
        decision = route_case(facts, today=NOW.date(), regions=REGIONS)
        result = match_case(facts, decision, places, regions=REGIONS, now=NOW)
        assert result == straightforward(facts, decision, places)
        assert result.to_dict()["places"] == [m.to_dict() for m in result.places]


def test_a_brief_answer_lists_every_group_and_only_the_best_and_the_almost_in_full() -> None:
    rows = synthetic_rows(10)
    places = bench_place_groups(rows, availability_plan(rows), now=NOW)
    assert len(places) > BRIEF_ABOVE
    for data in case_mix(12, today=NOW.date()):
        facts = parse_case_facts(data, municipalities=REGIONS.municipalities)
        decision = route_case(facts, today=NOW.date(), regions=REGIONS)
        result = match_case(facts, decision, places, regions=REGIONS, now=NOW)
        full = result.to_dict()["places"]
        brief = result.to_dict(brief=True)["places"]
        assert [item["id"] for item in brief] == [item["id"] for item in full]
        best = [item["id"] for item in full if item["eligible"]][:BRIEF_IN_FULL]
        in_full = {*best, *result.almost}
        for short, whole in zip(brief, full, strict=True):
            assert short["eligible"] == whole["eligible"]
            codes = [r["code"] for r in whole["reasons"]]
            if short["id"] in in_full:
                assert short == whole
            elif whole["eligible"]:
                assert short == {"id": whole["id"], "eligible": True, "reasons": short["reasons"]}
                assert [r["code"] for r in short["reasons"]] == codes
            else:
                assert set(short) == {"id", "eligible", "reasons"}
                hard = [c for c in codes if c not in ("full", "stale")]
                shown = ["category"] if hard[0] == "category" else hard
                assert [r["code"] for r in short["reasons"]] == shown
