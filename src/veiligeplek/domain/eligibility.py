"""Eligibility: may this case be placed on this group of places, and if not, why not.

Every rule is a reason code of the match contract (ARCHITECTURE.md, "Match result") with one
Dutch sentence that names the concrete value. Hard criteria make a place ineligible:

- ``category``: the place's category is not on the case's route. Routing decides the
  categories; on a national gap the categories the route would use (``gap_categories``), so
  that those places show *why* they are unsafe. COSM and NLA places are only for their own
  target group (report ch. 4 "Bij plaatsing ... bevoegdheden", ch. 5 "Te weinig beschikbare
  opvangplekken").
- ``gender``: places for women or for men only; an unknown gender fits only places for anyone
  (ch. 5, "Spreiding COSM-plekken", "Spreiding plekken mannenopvang").
- ``age``: a known age outside the place's age range (ch. 2: minors fall under the Jeugdwet).
- ``exploitation``: the place serves none of the case's forms of exploitation, e.g. NLA places
  only labour exploitation (ch. 5). Criminal exploitation is judged by ``safety``, not here.
- ``contra_indication``: addiction, psychiatric problems or LVB that the place excludes, or
  multiple problems on a place that does not take them (ch. 4, figure 6; ch. 5 "De
  opvangcapaciteit kent veel toelatingsvoorwaarden").
- ``children``: the victim brings children and the place takes none (annex 2).
- ``region_binding``: a place only for victims from one municipality, police unit or care
  region (ch. 5, Wmo places; annex 2 "crisisbed met regiobinding"); satisfied when the
  municipality where the victim was found or the responsible municipality lies in that area.
- ``safety``: criminal exploitation on a place not set up for it: the criminal network looks
  for the victim and endangers the other residents (ch. 4, "Geen passende opvang voor
  slachtoffers van criminele uitbuiting").

Soft reasons inform but do not change eligibility: ``full`` (no bed available now;
multi-labelled beds may be taken by other target groups, ch. 5) and ``stale`` (availability not
confirmed recently; the report asks for a real-time national overview, ch. 7).

Each hard rule is written once, as a ``Rule`` in ``HARD_RULES``: what it reads of the case,
what it reads of the place, when the pair fails, and its sentence (worded in
``eligibility_text``). Everything else is derived from that list: ``evaluate`` judges one pair;
``criteria_key`` (what makes two places fail equally, so that matching judges each distinct set
once) is the tuple of the rules' place values; ``failure_matrices`` (batch assignment, many cases
x many places) calls each rule once per distinct pair of values and spreads the verdicts over
the matrix with numpy indexing. A new rule is one more entry in ``HARD_RULES`` (and its
``ReasonCode``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from veiligeplek.domain import eligibility_text as nl
from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.enums import (
    ContraIndication,
    Exploitation,
    PlaceCategory,
    ReasonCode,
    RegionBindingKind,
)
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.places import CriteriaKey, GroupProfile, RegionBinding
from veiligeplek.domain.rules import AlmostPolicy

# Re-exported for the callers that word matches (the sentences live in ``eligibility_text``).
CATEGORY_PLACE_NL = nl.CATEGORY_PLACE_NL
SAFETY_TEXT = nl.SAFETY_TEXT
join_nl = nl.join_nl
area_name = nl.area_name


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    text: str  # one Dutch sentence naming the concrete value

    @property
    def hard(self) -> bool:
        return self.code in HARD_CODES

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code.value, "text": self.text}


@dataclass(frozen=True)
class Evaluation:
    place: GroupProfile
    reasons: tuple[Reason, ...]  # hard reasons first, in the order of HARD_CODES, then soft

    @property
    def failed(self) -> tuple[ReasonCode, ...]:
        """The hard criteria this place fails."""
        return tuple(r.code for r in self.reasons if r.hard)

    @property
    def eligible(self) -> bool:
        return not self.failed

    @property
    def available(self) -> int:
        return self.place.available

    @property
    def stale(self) -> bool:
        return any(r.code is ReasonCode.STALE for r in self.reasons)


# --- the hard rules -----------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One hard criterion, written once.

    ``case_value`` and ``place_value`` pick the plain (hashable) values the rule reads;
    ``fails`` decides on those values alone, ``sentence`` words a failure. Equal values always
    give the same verdict and the same sentence: that is what lets matching judge each distinct
    set of place values once and batch assignment each distinct pair of values once.
    """

    code: ReasonCode
    case_value: Callable[[CaseFacts, RoutingDecision], Hashable]
    place_value: Callable[[GroupProfile], Hashable]
    fails: Callable[[Any, Any, RegionTable], bool]
    sentence: Callable[[Any, Any, RegionTable], str]


def route_categories(decision: RoutingDecision) -> tuple[PlaceCategory, ...]:
    """The categories a case is matched against, best fit first (gap categories on a gap)."""
    return decision.gap_categories if decision.national_gap else decision.place_categories


def _forms(facts: CaseFacts, _: RoutingDecision) -> frozenset[Exploitation]:
    """The forms of exploitation judged by ``exploitation`` (criminal is ``safety``'s)."""
    return facts.exploitation - {Exploitation.CRIMINAL}


def _contra(facts: CaseFacts, _: RoutingDecision) -> tuple[frozenset[ContraIndication], bool]:
    return (facts.contra_indications, facts.multi_problem)


def _place_contra(place: GroupProfile) -> tuple[frozenset[ContraIndication], bool]:
    return (place.contra_indications_excluded, place.multi_problem_accepted)


def _contra_fails(
    case: tuple[frozenset[ContraIndication], bool],
    place: tuple[frozenset[ContraIndication], bool],
    _: RegionTable,
) -> bool:
    (contra, multi), (excluded, multi_accepted) = case, place
    return bool(contra & excluded) or (multi and not multi_accepted)


def _contra_sentence(
    case: tuple[frozenset[ContraIndication], bool],
    place: tuple[frozenset[ContraIndication], bool],
    _: RegionTable,
) -> str:
    (contra, multi), (excluded, multi_accepted) = case, place
    return nl.contra_indication_text(contra & excluded, multi and not multi_accepted)


def _age_fails(age: int | None, bounds: tuple[int | None, int | None], _: RegionTable) -> bool:
    age_min, age_max = bounds
    if age is None:
        return False
    return (age_min is not None and age < age_min) or (age_max is not None and age > age_max)


def _municipalities(facts: CaseFacts, decision: RoutingDecision) -> tuple[str, str | None]:
    return (facts.found_municipality, decision.responsible_municipality)


def _binding_fails(
    case: tuple[str, str | None], binding: RegionBinding | None, regions: RegionTable
) -> bool:
    if binding is None:
        return False
    return not any(in_area(binding, code, regions) for code in case if code is not None)


def _criminal(facts: CaseFacts, _: RoutingDecision) -> bool:
    return Exploitation.CRIMINAL in facts.exploitation


def _serves_criminal(place: GroupProfile) -> bool:
    return Exploitation.CRIMINAL in place.exploitation_served


HARD_RULES: tuple[Rule, ...] = (
    # The place's category is not on the case's route.
    Rule(
        ReasonCode.CATEGORY,
        case_value=lambda facts, decision: route_categories(decision),
        place_value=lambda place: place.category,
        fails=lambda allowed, category, _: category not in allowed,
        sentence=lambda allowed, category, _: nl.category_text(category, allowed),
    ),
    # Places for some genders only; an unknown gender fits only places for anyone.
    Rule(
        ReasonCode.GENDER,
        case_value=lambda facts, decision: facts.gender,
        place_value=lambda place: place.genders,
        fails=lambda gender, genders, _: bool(genders) and gender not in genders,
        sentence=lambda gender, genders, _: nl.gender_text(gender, genders),
    ),
    # A known age outside the place's range.
    Rule(
        ReasonCode.AGE,
        case_value=lambda facts, decision: facts.age,
        place_value=lambda place: (place.age_min, place.age_max),
        fails=_age_fails,
        sentence=lambda age, bounds, _: nl.age_text(age, bounds),
    ),
    # The place serves none of the case's forms of exploitation (criminal aside: ``safety``).
    Rule(
        ReasonCode.EXPLOITATION,
        case_value=_forms,
        place_value=lambda place: place.exploitation_served,
        fails=lambda forms, served, _: bool(forms) and not forms & served,
        sentence=lambda forms, served, _: nl.exploitation_text(forms, served),
    ),
    # Contra-indications the place excludes, or multiple problems it does not take.
    Rule(
        ReasonCode.CONTRA_INDICATION,
        case_value=_contra,
        place_value=_place_contra,
        fails=_contra_fails,
        sentence=_contra_sentence,
    ),
    # Children on a place that takes none.
    Rule(
        ReasonCode.CHILDREN,
        case_value=lambda facts, decision: facts.children,
        place_value=lambda place: place.children_allowed,
        fails=lambda children, allowed, _: children > 0 and not allowed,
        sentence=lambda children, allowed, _: nl.children_text(children),
    ),
    # A place bound to an area that neither the found nor the responsible municipality is in.
    Rule(
        ReasonCode.REGION_BINDING,
        case_value=_municipalities,
        place_value=lambda place: place.region_binding,
        fails=_binding_fails,
        sentence=lambda case, binding, regions: nl.region_binding_text(
            case[0], case[1], binding, regions
        ),
    ),
    # Criminal exploitation on a place not set up for it.
    Rule(
        ReasonCode.SAFETY,
        case_value=_criminal,
        place_value=_serves_criminal,
        fails=lambda criminal, serves, _: criminal and not serves,
        sentence=lambda criminal, serves, _: nl.SAFETY_TEXT,
    ),
)
HARD_CODES: tuple[ReasonCode, ...] = tuple(rule.code for rule in HARD_RULES)
SOFT_CODES: tuple[ReasonCode, ...] = (ReasonCode.FULL, ReasonCode.STALE)

CaseValues = tuple[Hashable, ...]


def case_values(facts: CaseFacts, decision: RoutingDecision) -> CaseValues:
    """What the hard rules read of a case, one value per rule of ``HARD_RULES``."""
    return tuple(rule.case_value(facts, decision) for rule in HARD_RULES)


def criteria_key(place: GroupProfile) -> CriteriaKey:
    """What the hard rules read of a place, one value per rule: equal keys fail equally."""
    return tuple(rule.place_value(place) for rule in HARD_RULES)


def failed_rules(case: CaseValues, criteria: CriteriaKey, regions: RegionTable) -> tuple[int, ...]:
    """The positions in ``HARD_RULES`` of the rules a case (``case_values``) fails on a place
    (``criteria_key``); empty: eligible."""
    return tuple(
        i
        for i, (rule, c, p) in enumerate(zip(HARD_RULES, case, criteria, strict=True))
        if rule.fails(c, p, regions)
    )


_AGE = HARD_CODES.index(ReasonCode.AGE)


def waivable_miss(
    failed: Sequence[ReasonCode], case: CaseValues, criteria: CriteriaKey, policy: AlmostPolicy
) -> bool:
    """Whether a place is "bijna passend": it fails exactly one hard criterion, and that is an
    objection the shelter can waive (the rule set's list, ``rules.AlmostPolicy``); an age only
    when it lies at most the policy's margin outside the place's range. ``stale`` is waivable
    too, but it never makes a place ineligible: such a place is listed as eligible, "bel eerst"."""
    if len(failed) != 1 or failed[0] not in policy.waivable:
        return False
    if failed[0] is not ReasonCode.AGE:
        return True
    age, bounds = case[_AGE], criteria[_AGE]
    if not isinstance(age, int) or not isinstance(bounds, tuple):
        return False
    age_min, age_max = bounds
    below = age_min - age if isinstance(age_min, int) and age < age_min else 0
    above = age - age_max if isinstance(age_max, int) and age > age_max else 0
    return max(below, above) <= policy.age_margin_years


def hard_reasons(
    case: CaseValues,
    criteria: CriteriaKey,
    regions: RegionTable,
    failed: tuple[int, ...] | None = None,
) -> tuple[Reason, ...]:
    """The hard reasons of a case on a place, in the order of ``HARD_RULES``: the rules it
    fails (``failed``, when already known) with their sentences; empty: eligible."""
    if failed is None:
        failed = failed_rules(case, criteria, regions)
    return tuple(
        _reason(HARD_RULES[i].code, HARD_RULES[i].sentence(case[i], criteria[i], regions))
        for i in failed
    )


@lru_cache(maxsize=4096)  # a reason object per distinct text: matching words the same often
def _reason(code: ReasonCode, text: str) -> Reason:
    return Reason(code, text)


def in_area(binding: RegionBinding, municipality: str, regions: RegionTable) -> bool:
    """Whether a municipality lies in the area a place is bound to."""
    if binding.kind is RegionBindingKind.MUNICIPALITY:
        return municipality == binding.code
    found = regions.municipality(municipality)
    if binding.kind is RegionBindingKind.POLICE_UNIT:
        return found.police_unit == binding.code
    return found.care_region == binding.code


# --- one pair -----------------------------------------------------------------------------


def is_stale(place: GroupProfile, *, now: dt.datetime, stale_after: dt.timedelta) -> bool:
    return stale_at(place.availability_updated_at, now=now, stale_after=stale_after)


def stale_at(updated: dt.datetime | None, *, now: dt.datetime, stale_after: dt.timedelta) -> bool:
    """Availability confirmed at ``updated`` (None: never) is stale at ``now``."""
    return updated is None or now - updated > stale_after


def evaluate(
    place: GroupProfile,
    facts: CaseFacts,
    decision: RoutingDecision,
    *,
    regions: RegionTable,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> Evaluation:
    """Judge one place for one case: every hard criterion it fails, then full and stale."""
    reasons = list(hard_reasons(case_values(facts, decision), criteria_key(place), regions))
    if (full := full_reason(place)) is not None:
        reasons.append(full)
    if is_stale(place, now=now, stale_after=stale_after):
        reasons.append(stale_reason(place.availability_updated_at))
    return Evaluation(place=place, reasons=tuple(reasons))


# --- the soft reasons -------------------------------------------------------------------------


def full_reason(place: GroupProfile) -> Reason | None:
    """``full`` when no bed of the group is available now, else None."""
    if place.available > 0:
        return None
    return full_reason_of(place.free, place.capacity, place.capacity_min, place.multi_labelled)


@lru_cache(maxsize=4096)
def full_reason_of(free: int, capacity: int, capacity_min: int, multi_labelled: bool) -> Reason:
    """``full`` for a group with no bed available: ``free`` beds (all held when above 0)."""
    text = nl.full_text(
        free=free, capacity=capacity, capacity_min=capacity_min, multi_labelled=multi_labelled
    )
    return Reason(ReasonCode.FULL, text)


def stale_reason(updated: dt.datetime | None) -> Reason:
    """``stale`` for availability last confirmed at ``updated`` (None: never)."""
    return _stale_reason(updated, updated.fold if updated else 0)


# Kept per time with ``fold``: times in one zone compare equal whatever their fold.
@lru_cache(maxsize=8192)  # one per group at most: the same times come back every match
def _stale_reason(updated: dt.datetime | None, fold: int) -> Reason:
    return Reason(ReasonCode.STALE, nl.stale_text(updated, fold))


# --- many cases x many places at once (batch assignment) ----------------------------------
#
# Derived from ``HARD_RULES``: each rule is asked once per distinct pair of (case value, place
# value), and numpy spreads the verdicts over the (cases x places) matrix. There is no second
# form of any rule.

Matrix = NDArray[np.bool_]


def failure_matrices(
    cases: Sequence[tuple[CaseFacts, RoutingDecision]],
    places: Sequence[GroupProfile],
    *,
    regions: RegionTable,
) -> dict[ReasonCode, Matrix]:
    """For each hard criterion a (cases x places) matrix, True where the pair fails it."""
    return {
        rule.code: _rule_matrix(
            rule,
            [rule.case_value(facts, decision) for facts, decision in cases],
            [rule.place_value(place) for place in places],
            regions,
        )
        for rule in HARD_RULES
    }


def _rule_matrix(
    rule: Rule, case_values: list[Hashable], place_values: list[Hashable], regions: RegionTable
) -> Matrix:
    case_distinct, case_of = _distinct(case_values)
    place_distinct, place_of = _distinct(place_values)
    verdicts = np.array(
        [[rule.fails(c, p, regions) for p in place_distinct] for c in case_distinct],
        dtype=np.bool_,
    ).reshape(len(case_distinct), len(place_distinct))
    return verdicts[case_of[:, None], place_of[None, :]]


def _distinct(values: list[Hashable]) -> tuple[list[Hashable], NDArray[np.intp]]:
    """The distinct values in order of appearance, and each value's index among them."""
    index: dict[Hashable, int] = {}
    of = [index.setdefault(value, len(index)) for value in values]
    return list(index), np.array(of, dtype=np.intp)


def eligibility_matrix(
    cases: Sequence[tuple[CaseFacts, RoutingDecision]],
    places: Sequence[GroupProfile],
    *,
    regions: RegionTable,
) -> Matrix:
    """(cases x places), True where the place is eligible for the case (no hard failure)."""
    failures = failure_matrices(cases, places, regions=regions)
    eligible = np.ones((len(cases), len(places)), dtype=np.bool_)
    for matrix in failures.values():
        eligible &= ~matrix
    return eligible
