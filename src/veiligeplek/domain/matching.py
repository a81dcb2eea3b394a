"""Matching: every group of places in the country for one case, best first, each with reasons.

The report's core recommendation is a national, current overview of suitable available places
(ch. 7), so that a coordinator no longer phones around (ch. 4). Rules:

- Every group is listed, eligible or not, with every reason (``eligibility.evaluate``); nothing
  is hidden, because "almost suitable" and "suitable but full" are what a coordinator acts on.
- Order: first eligible with a bed available, then eligible but full, then ineligible. Within a
  tier, in this order of importance: category fit (the position of the place's category in the
  route, which routing puts best fit first); safety (for a high safety risk, places outside the
  municipality where the victim was found and not shared with other target groups: the network
  looks for the victim, ch. 4); distance from the municipality where the victim was found
  (ch. 5: victims are often placed far from what they know); fresh availability before stale;
  then the id, so that the order never depends on the order of the input.
- ``score`` (0..1) summarises the fit of an eligible place; an ineligible place scores 0. It is
  a weighted sum of the same factors, and batch assignment uses it as the fit::

      score = 0.76 category + 0.16 safety + 0.05 distance + 0.03 freshness
      category  = 1 - i/n for the i-th of n route categories (first: 1)
      safety    = 1 for a normal risk; for a high risk 1/2 for a place outside the found
                  municipality plus 1/2 for a place that is not multi-labelled
      distance  = 50 / (50 + km): 1 next door, 1/2 at 50 km, 1/5 at 200 km
      freshness = 1 when availability was confirmed within ``stale_after``, else 0

  The weights make the score agree with the ranking: for routes of up to three categories one
  category step (0.76 / 3 = 0.253) outweighs safety, distance and freshness together (0.24),
  and one safety step (0.08) outweighs distance and freshness together (< 0.08). Only between
  distance and freshness can the score and the order disagree (by at most 0.03), and between
  tiers, since the score is fit, not availability.
- ``national_gap``: no place in the country is eligible (criminal exploitation, a minor, ...):
  a gap to count for policy makers, not "no results" (DOMAIN.md). ``no_capacity``: eligible
  places exist but none has a bed available now.
- ``almost``: ineligible places in the route that fail exactly one hard criterion other than
  ``category`` (a place outside the legal route is no near miss), nearest first, at most five:
  where an exception or an interim solution could be negotiated (Amir: the men's places that
  fail only on safety).
- ``next_step``: ``place`` (a free place in the first category), ``next_category`` (the first
  category has nothing free; a later one has: Radek "NLA-plekken zijn vol; passende
  mannenopvang is vrij"), ``waiting_list`` (eligible places, all full: Sandra on the OMM waiting
  list) or ``ad_hoc`` (national gap).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter
from typing import Any

from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.eligibility import (
    CATEGORY_PLACE_NL,
    CaseEvaluator,
    Reason,
    route_categories,
)
from veiligeplek.domain.enums import (
    CATEGORY_LABELS_NL,
    PlaceCategory,
    ReasonCode,
    SafetyRisk,
)
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.domain.geography import RegionTable, distance_km
from veiligeplek.domain.places import PlaceGroup

CATEGORY_WEIGHT = 0.76
SAFETY_WEIGHT = 0.16
DISTANCE_WEIGHT = 0.05
FRESHNESS_WEIGHT = 0.03
DISTANCE_HALF_KM = 50.0  # the distance at which the distance factor is 1/2
ALMOST_MAX = 5
DEFAULT_STALE_AFTER = dt.timedelta(hours=24)

# A category as the subject of "... is vol" / "... zijn vrij": (noun, verb).
CATEGORY_SUBJECT_NL: dict[PlaceCategory, tuple[str, str]] = {
    PlaceCategory.COSM: ("COSM-plekken", "zijn"),
    PlaceCategory.OMM: ("OMM-plekken", "zijn"),
    PlaceCategory.WMO: ("Wmo-plekken", "zijn"),
    PlaceCategory.NLA: ("NLA-plekken", "zijn"),
    PlaceCategory.MANNENOPVANG: ("mannenopvang", "is"),
    PlaceCategory.CRISIS: ("crisisplekken", "zijn"),
}


class NextStepCode(StrEnum):
    PLACE = "place"
    NEXT_CATEGORY = "next_category"
    WAITING_LIST = "waiting_list"
    AD_HOC = "ad_hoc"


@dataclass(frozen=True)
class PlaceMatch:
    place: PlaceGroup
    eligible: bool
    available: int
    reasons: tuple[Reason, ...]
    distance_km: float  # from the found municipality, rounded to 0.1 km
    score: float  # 0..1, see the module docstring; 0 when not eligible

    @property
    def failed(self) -> tuple[ReasonCode, ...]:
        return tuple(r.code for r in self.reasons if r.hard)

    @property
    def stale(self) -> bool:
        return any(r.code is ReasonCode.STALE for r in self.reasons)

    @property
    def placeable(self) -> bool:
        """Eligible with a bed available now."""
        return self.eligible and self.available > 0

    def to_dict(self) -> dict[str, Any]:
        """The contract's place item; never the phone number (the web layer adds it per role)."""
        place = self.place
        updated = place.availability_updated_at
        return {
            "id": place.id,
            "organisation": place.organisation,
            "location_name": place.location_name,
            "municipality": place.municipality,
            "category": place.category.value,
            "capacity": place.capacity,
            "available": self.available,
            "eligible": self.eligible,
            "reasons": [r.to_dict() for r in self.reasons],
            "distance_km": self.distance_km,
            "score": self.score,
            "stale": self.stale,
            "availability_updated_at": updated.isoformat() if updated else None,
        }


@dataclass(frozen=True)
class CategoryStatus:
    """For one category of the route: how many groups are eligible, how many beds available."""

    category: PlaceCategory
    eligible_groups: int
    available: int

    @property
    def status(self) -> str:
        if self.available > 0:
            return "free"
        return "full" if self.eligible_groups else "none"

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category.value,
            "status": self.status,
            "eligible_groups": self.eligible_groups,
            "available": self.available,
        }


@dataclass(frozen=True)
class NextStep:
    code: NextStepCode
    text: str  # one or two Dutch sentences
    category: PlaceCategory | None = None
    place_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "text": self.text,
            "category": self.category.value if self.category else None,
            "place_id": self.place_id,
        }


@dataclass(frozen=True)
class MatchResult:
    decision: RoutingDecision
    places: tuple[PlaceMatch, ...]  # every group, best first
    national_gap: bool
    no_capacity: bool
    earliest_expected_free: dt.date | None
    almost: tuple[str, ...]  # place ids
    next_step: NextStep
    category_status: tuple[CategoryStatus, ...]

    def to_dict(self, *, with_phone: bool = False) -> dict[str, Any]:
        """The contract's match result; ``with_phone`` adds each place's 24/7 phone as
        ``phone_24_7`` (null when unknown), for the roles that may see it."""
        earliest = self.earliest_expected_free
        return {
            "decision": self.decision.to_dict(),
            "national_gap": self.national_gap,
            "no_capacity": self.no_capacity,
            "places": place_dicts(self.places, with_phone=with_phone),
            "almost": list(self.almost),
            "next_step": self.next_step.to_dict(),
            "earliest_expected_free": earliest.isoformat() if earliest else None,
            "category_status": [s.to_dict() for s in self.category_status],
        }


def place_dicts(matches: Sequence[PlaceMatch], *, with_phone: bool = False) -> list[dict[str, Any]]:
    """``[m.to_dict() for m in matches]``, faster: a match lists 2,100 places at 100x; with
    ``phone_24_7`` last in each when ``with_phone``."""
    stale_of: dict[int, bool] = {}  # per reasons tuple: matches of one case share them
    items = []
    for m in matches:
        place, reasons = m.place, m.reasons
        updated = place.availability_updated_at
        iso = _isoformat(updated, updated.tzinfo, updated.fold) if updated else None
        stale = stale_of.get(id(reasons))
        if stale is None:
            stale = stale_of[id(reasons)] = m.stale
        item = {
            "id": place.id,
            "organisation": place.organisation,
            "location_name": place.location_name,
            "municipality": place.municipality,
            "category": _CATEGORY_VALUES[place.category],
            "capacity": place.capacity,
            "available": m.available,
            "eligible": m.eligible,
            "reasons": [{"code": _REASON_VALUES[r.code], "text": r.text} for r in reasons],
            "distance_km": m.distance_km,
            "score": m.score,
            "stale": stale,
            "availability_updated_at": iso,
        }
        if with_phone:
            item["phone_24_7"] = place.phone or None
        items.append(item)
    return items


# ``member.value`` runs Python code; these lookups do not.
_CATEGORY_VALUES = {c: c.value for c in PlaceCategory}
_REASON_VALUES = {c: c.value for c in ReasonCode}


@lru_cache(maxsize=8192)  # one per group at most: the same times come back every match
def _isoformat(updated: dt.datetime, zone: dt.tzinfo | None, fold: int) -> str:
    """``updated.isoformat()``, cached: with zone and fold, as equal times can differ in both."""
    return updated.isoformat()


def match_case(
    facts: CaseFacts,
    decision: RoutingDecision,
    places: Sequence[PlaceGroup],
    *,
    regions: RegionTable,
    now: dt.datetime,
    stale_after: dt.timedelta = DEFAULT_STALE_AFTER,
) -> MatchResult:
    """Judge and rank every group of places for one case (see the module docstring).

    The same as judging each place with ``eligibility.evaluate``, scoring it with ``fit_score``
    and sorting by ``rank_key``; each distinct set of criteria, municipality and availability is
    worked out once (tests/domain/test_matching_memo.py holds the two equal).
    """
    matcher = _Matcher(facts, decision, regions=regions, now=now, stale_after=stale_after)
    matches, keys = matcher.matches(places)
    order = sorted(range(len(matches)), key=keys.__getitem__)  # stable, like sorting matches
    return _result(decision, tuple(matches[i] for i in order))


RankKey = tuple[int, int, int, float, bool, str]
_MUNICIPALITY = attrgetter("municipality")


class _Matcher:
    """One case against many places, each distinct value worked out once."""

    def __init__(
        self,
        facts: CaseFacts,
        decision: RoutingDecision,
        *,
        regions: RegionTable,
        now: dt.datetime,
        stale_after: dt.timedelta,
    ) -> None:
        self.facts = facts
        self.decision = decision
        self.regions = regions
        self.found = regions.municipality(facts.found_municipality)
        self.evaluator = CaseEvaluator(
            facts, decision, regions=regions, now=now, stale_after=stale_after
        )
        self.distances: dict[str, tuple[float, float]] = {}  # municipality -> (km, rounded)
        self.category_ranks = {c: category_rank(c, decision) for c in PlaceCategory}
        self.high_risk = facts.safety_risk is SafetyRisk.HIGH
        self.scores: dict[tuple[PlaceCategory, str, bool, bool], float] = {}

    def matches(self, places: Sequence[PlaceGroup]) -> tuple[list[PlaceMatch], list[RankKey]]:
        """The match of each place, and its ``rank_key``, in the order of ``places``."""
        judgements = self.evaluator.judge_all(places)
        ranks, facts, high_risk = self.category_ranks, self.facts, self.high_risk
        matches, keys = [], []
        distances = self._distances(places)
        for place, judgement, (km, rounded) in zip(places, judgements, distances, strict=True):
            reasons, eligible, stale = judgement
            available = place.available
            score = self._score(place, km, stale) if eligible else 0.0
            matches.append(_place_match(place, eligible, available, reasons, rounded, score))
            tier = 0 if eligible and available > 0 else 1 if eligible else 2
            safety = safety_rank(place, facts) if high_risk else 0  # 0 for a normal risk
            keys.append((tier, ranks[place.category], safety, rounded, stale, place.id))
        return matches, keys

    def _distances(self, places: Sequence[PlaceGroup]) -> list[tuple[float, float]]:
        """(km, rounded to 0.1 km) from the found municipality to each place."""
        towns = list(map(_MUNICIPALITY, places))
        for town in set(towns) - self.distances.keys():
            km = distance_km(self.found, self.regions.municipality(town))
            self.distances[town] = (km, round(km, 1))
        return list(map(self.distances.__getitem__, towns))

    def _score(self, place: PlaceGroup, km: float, stale: bool) -> float:
        """``fit_score`` rounded; it reads only these four values of a place."""
        key = (place.category, place.municipality, place.multi_labelled, stale)
        score = self.scores.get(key)
        if score is None:
            fit = fit_score(place, self.facts, self.decision, distance_km=km, stale=stale)
            score = self.scores[key] = round(fit, 3)
        return score


def _place_match(
    place: PlaceGroup,
    eligible: bool,
    available: int,
    reasons: tuple[Reason, ...],
    distance_km: float,
    score: float,
) -> PlaceMatch:
    """``PlaceMatch(...)`` at a third of the cost: the frozen dataclass's ``__init__`` sets each
    field through ``object.__setattr__``, and a match builds 2,100 of them at 100x. The same
    object (no defaults, no ``__post_init__``; tests/domain/test_matching_memo.py compares)."""
    match = _new(PlaceMatch)
    fields = match.__dict__
    fields["place"] = place
    fields["eligible"] = eligible
    fields["available"] = available
    fields["reasons"] = reasons
    fields["distance_km"] = distance_km
    fields["score"] = score
    return match


_new = object.__new__


def _result(decision: RoutingDecision, ordered: tuple[PlaceMatch, ...]) -> MatchResult:
    eligible = [m for m in ordered if m.eligible]
    expected = [m.place.expected_free_on for m in eligible if m.place.expected_free_on]
    status = category_status(decision, ordered)
    return MatchResult(
        decision=decision,
        places=ordered,
        national_gap=not eligible,
        no_capacity=bool(eligible) and not any(m.available > 0 for m in eligible),
        earliest_expected_free=min(expected, default=None),
        almost=almost(ordered),
        next_step=next_step(ordered, status),
        category_status=status,
    )


# --- ranking and score ------------------------------------------------------------------------


def category_rank(category: PlaceCategory, decision: RoutingDecision) -> int:
    """Position of a category in the route; after all route categories when not in it."""
    categories = route_categories(decision)
    return categories.index(category) if category in categories else len(categories)


def safety_rank(place: PlaceGroup, facts: CaseFacts) -> int:
    """0 is safest: for a high risk, +1 in the found municipality, +1 when multi-labelled."""
    if facts.safety_risk is not SafetyRisk.HIGH:
        return 0
    return int(place.municipality == facts.found_municipality) + int(place.multi_labelled)


def rank_key(
    match: PlaceMatch, facts: CaseFacts, decision: RoutingDecision
) -> tuple[int, int, int, float, bool, str]:
    tier = 0 if match.placeable else 1 if match.eligible else 2
    return (
        tier,
        category_rank(match.place.category, decision),
        safety_rank(match.place, facts),
        match.distance_km,
        match.stale,
        match.place.id,
    )


def fit_score(
    place: PlaceGroup,
    facts: CaseFacts,
    decision: RoutingDecision,
    *,
    distance_km: float,
    stale: bool,
) -> float:
    """The weighted fit of the module docstring, unrounded, regardless of eligibility."""
    categories = route_categories(decision)
    rank = category_rank(place.category, decision)
    category = 1 - rank / len(categories) if categories else 0.0
    distance = DISTANCE_HALF_KM / (DISTANCE_HALF_KM + distance_km)
    safety = 1 - safety_rank(place, facts) / 2
    freshness = 0.0 if stale else 1.0
    return (
        CATEGORY_WEIGHT * category
        + DISTANCE_WEIGHT * distance
        + SAFETY_WEIGHT * safety
        + FRESHNESS_WEIGHT * freshness
    )


# --- summaries --------------------------------------------------------------------------------


def category_status(
    decision: RoutingDecision, matches: Sequence[PlaceMatch]
) -> tuple[CategoryStatus, ...]:
    categories = route_categories(decision)
    groups = dict.fromkeys(categories, 0)
    available = dict.fromkeys(categories, 0)
    for m in matches:
        if m.eligible and m.place.category in groups:
            groups[m.place.category] += 1
            available[m.place.category] += m.available
    return tuple(
        CategoryStatus(category=c, eligible_groups=groups[c], available=available[c])
        for c in categories
    )


def almost(ordered: Sequence[PlaceMatch]) -> tuple[str, ...]:
    """Ineligible places failing exactly one hard criterion (not category), nearest first."""
    verdicts: dict[int, bool] = {}  # per reasons tuple: the matches of one case share them
    near_misses = []
    for m in ordered:
        verdict = verdicts.get(id(m.reasons))
        if verdict is None:
            failed = m.failed
            verdict = len(failed) == 1 and failed[0] is not ReasonCode.CATEGORY
            verdicts[id(m.reasons)] = verdict
        if verdict:
            near_misses.append(m)
    near_misses.sort(key=lambda m: m.distance_km)  # stable: the ranking breaks ties
    return tuple(m.place.id for m in near_misses[:ALMOST_MAX])


def next_step(ordered: Sequence[PlaceMatch], status: Sequence[CategoryStatus]) -> NextStep:
    """What the coordinator does now (the codes of the module docstring)."""
    if not any(m.eligible for m in ordered):
        return _ad_hoc(ordered)
    best = next((m for m in ordered if m.placeable), None)
    if best is None:
        return _waiting_list(ordered, status)
    first = status[0] if status else None
    if first is None or first.category is best.place.category:
        return _place(best)
    return _next_category(best, first)


def _ad_hoc(ordered: Sequence[PlaceMatch]) -> NextStep:
    text = (
        "Er is nergens in het land een passende plek voor deze casus: dit is een landelijk "
        "tekort. Regel een zo veilig mogelijke ad-hocplaatsing en leg die vast."
    )
    near = almost(ordered)
    if near:
        text += f" Bijna passend (één criterium): {len(near)} plek(ken), zie de lijst."
    return NextStep(code=NextStepCode.AD_HOC, text=text)


def _waiting_list(ordered: Sequence[PlaceMatch], status: Sequence[CategoryStatus]) -> NextStep:
    category = next(s.category for s in status if s.eligible_groups)
    text = (
        "Alle passende plekken zijn bezet. Zet de casus op de wachtlijst voor "
        f"{CATEGORY_LABELS_NL[category]}"
    )
    expected = [
        m.place.expected_free_on
        for m in ordered
        if m.eligible and m.place.category is category and m.place.expected_free_on
    ]
    if expected:
        text += f"; naar verwachting komt er op {min(expected):%d-%m-%Y} een plek vrij"
    text += ". Regel intussen een zo veilig mogelijke tussenoplossing."
    return NextStep(code=NextStepCode.WAITING_LIST, text=text, category=category)


def _place(best: PlaceMatch) -> NextStep:
    beds = "1 bed" if best.available == 1 else f"{best.available} bedden"
    text = (
        f"Plaats op {best.place.location_name} ({CATEGORY_PLACE_NL[best.place.category]}): "
        f"{beds} beschikbaar."
    )
    if best.stale:
        text += " De beschikbaarheid is niet recent bevestigd; bel eerst."
    return NextStep(
        code=NextStepCode.PLACE, text=text, category=best.place.category, place_id=best.place.id
    )


def _next_category(best: PlaceMatch, first: CategoryStatus) -> NextStep:
    first_noun, first_verb = CATEGORY_SUBJECT_NL[first.category]
    noun, verb = CATEGORY_SUBJECT_NL[best.place.category]
    if first.eligible_groups:
        head = f"{first_noun} {first_verb} vol"
    else:
        head = f"Er {first_verb} geen passende {first_noun}"
    text = f"{head[0].upper()}{head[1:]}; passende {noun} {verb} vrij: {best.place.location_name}."
    return NextStep(
        code=NextStepCode.NEXT_CATEGORY,
        text=text,
        category=best.place.category,
        place_id=best.place.id,
    )
