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
- ``almost``: ineligible places that fail exactly one hard criterion, and that one an objection
  the shelter can waive: the rule set's list (``R-ALMOST-WAIVABLE``: region binding, a
  contra-indication after consultation, an age at most the margin outside the range; stale
  availability never makes a place ineligible). Gender and category never do: a men-only place
  is no near miss for a woman, a place outside the legal route none for anyone. Nearest first,
  at most five: where an exception could be negotiated by phone.
- ``next_step``: ``place`` (a free place in the first category), ``next_category`` (the first
  category has nothing free; a later one has: Radek "NLA-plekken zijn vol; passende
  mannenopvang is vrij"), ``waiting_list`` (eligible places, all full: Sandra on the OMM waiting
  list) or ``ad_hoc`` (national gap).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any, overload

import numpy as np
import orjson

from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.eligibility import (
    CATEGORY_PLACE_NL,
    HARD_CODES,
    Reason,
    case_values,
    criteria_key,
    failed_rules,
    full_reason_of,
    hard_reasons,
    route_categories,
    stale_at,
    stale_reason,
    waivable_miss,
)
from veiligeplek.domain.enums import (
    CATEGORY_LABELS_NL,
    PlaceCategory,
    ReasonCode,
    SafetyRisk,
)
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.domain.geography import RegionTable, distance_km_between
from veiligeplek.domain.places import CATEGORY_INDEX, Availability, GroupProfile, PlaceTable
from veiligeplek.domain.rules import (
    AlmostPolicy,
    RuleSetNotFoundError,
    load_rulesets,
    ruleset_by_version,
)
from veiligeplek.domain.wording import Joined, Sentence, Term, _

CATEGORY_WEIGHT = 0.76
SAFETY_WEIGHT = 0.16
DISTANCE_WEIGHT = 0.05
FRESHNESS_WEIGHT = 0.03
DISTANCE_HALF_KM = 50.0  # the distance at which the distance factor is 1/2
ALMOST_MAX = 5
DEFAULT_STALE_AFTER = dt.timedelta(hours=24)
# Above this many groups the API's default answer is brief (``MatchResult.to_dict(brief=True)``):
# every group listed with its id, eligibility and reason codes, but only the best
# ``BRIEF_IN_FULL`` eligible groups and the ``almost`` ones in full, with their sentences, so
# that a phone does not receive 1.4 MB per search at 100x; ``?detail=full`` gives all in full.
BRIEF_ABOVE = 100
BRIEF_IN_FULL = 15

# A category as the subject of "... is vol" / "... zijn vrij": (noun, verb).
# The next step's words for a category that is full, missing, or free (Dutch grammar differs
# per category: "de COSM-plekken zijn", "de mannenopvang is").
CATEGORY_FULL_NL: dict[PlaceCategory, Term] = {
    PlaceCategory.COSM: _("COSM-plekken zijn vol"),
    PlaceCategory.OMM: _("OMM-plekken zijn vol"),
    PlaceCategory.WMO: _("Wmo-plekken zijn vol"),
    PlaceCategory.NLA: _("NLA-plekken zijn vol"),
    PlaceCategory.MANNENOPVANG: _("Mannenopvang is vol"),
    PlaceCategory.CRISIS: _("Crisisplekken zijn vol"),
}
CATEGORY_NONE_NL: dict[PlaceCategory, Term] = {
    PlaceCategory.COSM: _("Er zijn geen passende COSM-plekken"),
    PlaceCategory.OMM: _("Er zijn geen passende OMM-plekken"),
    PlaceCategory.WMO: _("Er zijn geen passende Wmo-plekken"),
    PlaceCategory.NLA: _("Er zijn geen passende NLA-plekken"),
    PlaceCategory.MANNENOPVANG: _("Er is geen passende mannenopvang"),
    PlaceCategory.CRISIS: _("Er zijn geen passende crisisplekken"),
}
CATEGORY_FREE_NL: dict[PlaceCategory, Term] = {
    PlaceCategory.COSM: _("passende COSM-plekken zijn vrij"),
    PlaceCategory.OMM: _("passende OMM-plekken zijn vrij"),
    PlaceCategory.WMO: _("passende Wmo-plekken zijn vrij"),
    PlaceCategory.NLA: _("passende NLA-plekken zijn vrij"),
    PlaceCategory.MANNENOPVANG: _("passende mannenopvang is vrij"),
    PlaceCategory.CRISIS: _("passende crisisplekken zijn vrij"),
}
AD_HOC = _(
    "Er is nergens in het land een passende plek voor deze casus: dit is een landelijk "
    "tekort. Regel een zo veilig mogelijke ad-hocplaatsing en leg die vast."
)
NEAR_MISSES = _("Bijna passend (één bezwaar): %(near)s plek(ken), zie de lijst.")
WAIT = _("Alle passende plekken zijn bezet. Zet de casus op de wachtlijst voor %(category)s.")
WAIT_EXPECTED = _(
    "Alle passende plekken zijn bezet. Zet de casus op de wachtlijst voor %(category)s; naar "
    "verwachting komt er op %(day)s een plek vrij."
)
MEANWHILE = _("Regel intussen een zo veilig mogelijke tussenoplossing.")
PLACE_ONE = _("Plaats op %(location)s (%(place)s): 1 bed beschikbaar.")
PLACE_MANY = _("Plaats op %(location)s (%(place)s): %(beds)s bedden beschikbaar.")
CALL_FIRST = _("De beschikbaarheid is niet recent bevestigd; bel eerst.")
NEXT_CATEGORY = _("%(head)s; %(free)s: %(location)s.")


class NextStepCode(StrEnum):
    PLACE = "place"
    NEXT_CATEGORY = "next_category"
    WAITING_LIST = "waiting_list"
    AD_HOC = "ad_hoc"


@dataclass(frozen=True)
class PlaceMatch:
    place: GroupProfile
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
        return place_item(
            self.place,
            updated_at=self.place.availability_updated_at,
            available=self.available,
            eligible=self.eligible,
            reasons=[r.to_dict() for r in self.reasons],
            distance_km=self.distance_km,
            score=self.score,
            stale=self.stale,
        )


def place_item(
    place: GroupProfile,
    *,
    updated_at: dt.datetime | None,
    available: int,
    eligible: bool,
    reasons: list[dict[str, str]],
    distance_km: float,
    score: float,
    stale: bool,
) -> dict[str, Any]:
    """The contract's place item (ARCHITECTURE.md, "Match result")."""
    return {
        "id": place.id,
        "organisation": place.organisation,
        "location_name": place.location_name,
        "municipality": place.municipality,
        "category": place.category.value,
        "capacity": place.capacity,
        "available": available,
        "eligible": eligible,
        "reasons": reasons,
        "distance_km": distance_km,
        "score": score,
        "stale": stale,
        "availability_updated_at": updated_at.isoformat() if updated_at else None,
    }


def brief_item(place: GroupProfile, eligible: bool, codes: list[dict[str, str]]) -> dict[str, Any]:
    """A group of a brief answer that is not given in full: its id, whether it is eligible,
    and its reason codes without their sentences (a refused group's hard codes only)."""
    return {"id": place.id, "eligible": eligible, "reasons": codes}


def _soft_codes(available: int, stale: bool) -> tuple[str, ...]:
    return (ReasonCode.FULL.value,) * (available == 0) + (ReasonCode.STALE.value,) * stale


def brief_codes(failed: Sequence[ReasonCode]) -> list[dict[str, str]]:
    """The reason codes of a refused group in a brief answer: its hard codes, or only
    ``category`` for a group outside the case's route (no near miss, whatever else it fails)."""
    if failed and failed[0] is ReasonCode.CATEGORY:
        return [{"code": ReasonCode.CATEGORY.value}]
    return [{"code": code.value} for code in failed]


def in_full(
    ids: Sequence[str], eligible: Sequence[bool], *, brief: bool, almost: Sequence[str]
) -> list[bool]:
    """For groups in rank order, whether a brief answer gives each in full: the first
    ``BRIEF_IN_FULL`` eligible groups and the ``almost`` ones (every group when not brief)."""
    if not brief:
        return [True] * len(ids)
    near, left, full = set(almost), BRIEF_IN_FULL, []
    for place_id, fits in zip(ids, eligible, strict=True):
        best = fits and left > 0
        left -= best
        full.append(best or place_id in near)
    return full


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
    places: Sequence[PlaceMatch]  # every group, best first (``RankedPlaces`` from a match)
    national_gap: bool
    no_capacity: bool
    earliest_expected_free: dt.date | None
    almost: tuple[str, ...]  # place ids
    next_step: NextStep
    category_status: tuple[CategoryStatus, ...]

    def to_dict(self, *, with_phone: bool = False, brief: bool = False) -> dict[str, Any]:
        """The contract's match result; ``with_phone`` adds each place's 24/7 phone as
        ``phone_24_7`` (null when unknown), for the roles that may see it. ``brief``: only the
        groups ``_Brevity`` picks in full, the others as ``brief_item`` (``BRIEF_IN_FULL``)."""
        if isinstance(self.places, RankedPlaces):
            places = self.places.items(with_phone=with_phone, brief=brief, almost=self.almost)
        else:
            places = place_dicts(
                self.places, with_phone=with_phone, brief=brief, almost=self.almost
            )
        return self._dict(places)

    def to_json(self, *, with_phone: bool = False, brief: bool = False) -> bytes:
        """``to_dict`` as JSON."""
        return orjson.dumps(self.to_dict(with_phone=with_phone, brief=brief))

    def _dict(self, places: object) -> dict[str, Any]:
        earliest = self.earliest_expected_free
        return {
            "decision": self.decision.to_dict(),
            "national_gap": self.national_gap,
            "no_capacity": self.no_capacity,
            "places": places,
            "almost": list(self.almost),
            "next_step": self.next_step.to_dict(),
            "earliest_expected_free": earliest.isoformat() if earliest else None,
            "category_status": [s.to_dict() for s in self.category_status],
        }


def place_dicts(
    matches: Sequence[PlaceMatch],
    *,
    with_phone: bool = False,
    brief: bool = False,
    almost: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """The items of ``MatchResult.to_dict`` for any sequence of matches, with ``phone_24_7``
    last in each full item when ``with_phone``."""
    items = []
    full = in_full(
        [m.place.id for m in matches], [m.eligible for m in matches], brief=brief, almost=almost
    )
    for m, whole in zip(matches, full, strict=True):
        if not whole:
            if m.eligible:
                shown = [{"code": r.code.value} for r in m.reasons]
            else:
                shown = brief_codes(m.failed)
            items.append(brief_item(m.place, m.eligible, shown))
            continue
        item = m.to_dict()
        if with_phone:
            item["phone_24_7"] = m.place.phone or None
        items.append(item)
    return items


def match_case(
    facts: CaseFacts,
    decision: RoutingDecision,
    places: Sequence[GroupProfile],
    *,
    regions: RegionTable,
    now: dt.datetime,
    stale_after: dt.timedelta = DEFAULT_STALE_AFTER,
) -> MatchResult:
    """Judge and rank every group of places for one case (see the module docstring).

    The same as judging each place with ``eligibility.evaluate``, scoring it with ``fit_score``
    and sorting by ``rank_key`` (tests/domain/test_matching_memo.py holds the two equal).
    """
    return match_table(
        facts,
        decision,
        place_table(places),
        None,
        regions=regions,
        now=now,
        stale_after=stale_after,
    )


def place_table(groups: Sequence[GroupProfile]) -> PlaceTable:
    """The groups indexed for matching (their own availability stays with them)."""
    return PlaceTable(groups, criteria_key=criteria_key)


def match_table(
    facts: CaseFacts,
    decision: RoutingDecision,
    table: PlaceTable,
    availability: Availability | None,
    *,
    regions: RegionTable,
    now: dt.datetime,
    stale_after: dt.timedelta = DEFAULT_STALE_AFTER,
) -> MatchResult:
    """``match_case`` for the groups of ``table`` with ``availability`` (None: the availability
    the table's groups carry).

    Each distinct set of criteria is judged once, each distance measured once; the rest works on
    the groups as numpy columns, and the ``PlaceMatch`` of a group is made only when asked for:
    the API writes its answer from the columns (``MatchResult.to_json``).
    """
    live = availability if availability is not None else Availability.of(table.groups)
    ranked = RankedPlaces(
        facts,
        decision,
        table,
        availability,
        live,
        regions=regions,
        now=now,
        stale_after=stale_after,
    )
    return ranked.result()


class RankedPlaces(Sequence[PlaceMatch]):
    """Every group of one match, best first (``MatchResult.places``), kept as numpy columns in
    the table's order; the ``PlaceMatch`` of a group is made when it is first asked for."""

    def __init__(
        self,
        facts: CaseFacts,
        decision: RoutingDecision,
        table: PlaceTable,
        availability: Availability | None,
        live: Availability,
        *,
        regions: RegionTable,
        now: dt.datetime,
        stale_after: dt.timedelta,
    ) -> None:
        self.decision = decision
        self.table = table
        self._availability = availability  # None: the table's groups are the live ones
        self._live = live
        self._case, self._regions = case_values(facts, decision), regions
        # Per distinct set of criteria: the codes it fails now, the sentences when first asked.
        self.failed = [
            tuple(HARD_CODES[i] for i in failed_rules(self._case, key, regions))
            for key in table.criteria_keys
        ]
        self._hard: dict[int, tuple[Reason, ...]] = {}
        size = len(table)
        criteria_of, town_of = table.criteria_of, table.town_of
        eligible = np.array([not f for f in self.failed], dtype=np.bool_)[criteria_of]
        available = np.maximum(live.free_array - live.held_array, 0)
        stale = np.array(
            [stale_at(u, now=now, stale_after=stale_after) for u in live.updated_at],
            dtype=np.bool_,
        )
        found = regions.municipality(facts.found_municipality)
        town_km = [
            _km(found.lat, found.lon, town.lat, town.lon)
            for town in map(regions.municipality, table.towns)
        ]
        self.town_rounded = [round(d, 1) for d in town_km]
        km = np.array(town_km, dtype=np.float64)[town_of]
        rounded = np.array(self.town_rounded, dtype=np.float64)[town_of]
        categories = route_categories(decision)
        rank_of = np.array([category_rank(c, decision) for c in PlaceCategory], dtype=np.intp)
        category_ranks = rank_of[table.category_of]
        if facts.safety_risk is SafetyRisk.HIGH:
            here = table.town_index.get(facts.found_municipality, -1)
            safety = (town_of == here).astype(np.intp) + table.multi_labelled
        else:
            safety = np.zeros(size, dtype=np.intp)
        placeable = eligible & (available > 0)
        tier = np.where(placeable, 0, np.where(eligible, 1, 2))
        # fit_score, operation for operation (the same doubles), then round() per distinct value
        category = 1 - category_ranks / len(categories) if categories else category_ranks * 0.0
        fit = (
            CATEGORY_WEIGHT * category
            + DISTANCE_WEIGHT * (DISTANCE_HALF_KM / (DISTANCE_HALF_KM + km))
            + SAFETY_WEIGHT * (1 - safety / 2)
            + FRESHNESS_WEIGHT * np.where(stale, 0.0, 1.0)
        )
        distinct, inverse = np.unique(fit[eligible], return_inverse=True)
        score = np.zeros(size, dtype=np.float64)
        score[eligible] = np.array([round(float(f), 3) for f in distinct])[inverse]
        # rank_key: the last key of lexsort sorts first; the position keeps it stable
        self.order = np.lexsort(
            (np.arange(size), table.id_rank, stale, rounded, safety, category_ranks, tier)
        )
        self.eligible, self.available, self.stale, self.score = eligible, available, stale, score
        self.placeable, self.rounded = placeable, rounded
        self._built: dict[int, PlaceMatch] = {}

    # --- the sequence -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, index: int) -> PlaceMatch: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[PlaceMatch, ...]: ...

    def __getitem__(self, index: int | slice) -> PlaceMatch | tuple[PlaceMatch, ...]:
        if isinstance(index, slice):
            return tuple(map(self.match, self.order[index].tolist()))
        return self.match(int(self.order[index]))

    def __iter__(self) -> Iterator[PlaceMatch]:
        return map(self.match, self.order.tolist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RankedPlaces | tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"RankedPlaces({len(self)} groups)"

    def match(self, i: int) -> PlaceMatch:
        """The match of the table's group ``i``."""
        match = self._built.get(i)
        if match is None:
            match = self._built[i] = PlaceMatch(
                place=self.table.group(i, self._availability),
                eligible=bool(self.eligible[i]),
                available=int(self.available[i]),
                reasons=self.reasons(i),
                distance_km=self.town_rounded[self.table.town_of[i]],
                score=float(self.score[i]),
            )
        return match

    def hard(self, j: int) -> tuple[Reason, ...]:
        """The hard reasons of the table's ``j``-th distinct set of criteria, worded once."""
        reasons = self._hard.get(j)
        if reasons is None:
            failed = tuple(HARD_CODES.index(code) for code in self.failed[j])
            reasons = self._hard[j] = hard_reasons(
                self._case, self.table.criteria_keys[j], self._regions, failed
            )
        return reasons

    def reasons(self, i: int) -> tuple[Reason, ...]:
        """As ``evaluate``: the hard reasons, then ``full``, then ``stale``."""
        hard = self.hard(int(self.table.criteria_of[i]))
        if self.available[i] == 0 or self.stale[i]:
            return (*hard, *self.soft_reasons(i))
        return hard

    def soft_reasons(self, i: int) -> tuple[Reason, ...]:
        """``full`` (once per distinct bed count), then ``stale``, as ``evaluate`` gives them."""
        soft: tuple[Reason, ...] = ()
        if self.available[i] == 0:
            group = self.table.groups[i]
            soft = (
                full_reason_of(
                    self._live.free[i], group.capacity, group.capacity_min, group.multi_labelled
                ),
            )
        if self.stale[i]:
            soft = (*soft, stale_reason(self._live.updated_at[i]))
        return soft

    # --- the summaries ----------------------------------------------------------------------

    def result(self) -> MatchResult:
        table, decision = self.table, self.decision
        eligible, available, placeable, order = (
            self.eligible, self.available, self.placeable, self.order
        )  # fmt: skip
        status = tuple(
            CategoryStatus(
                category=c,
                eligible_groups=int(np.count_nonzero(in_category)),
                available=int(available[in_category].sum()),
            )
            for c in route_categories(decision)
            for in_category in [eligible & (table.category_of == CATEGORY_INDEX[c])]
        )
        near = self._almost()
        expected = self._expected_free()
        first_free = order[placeable[order]]
        best = self.match(int(first_free[0])) if len(first_free) else None
        national_gap = not eligible.any()
        return MatchResult(
            decision=decision,
            places=self,
            national_gap=national_gap,
            no_capacity=not national_gap and not placeable.any(),
            earliest_expected_free=min(expected.values(), default=None),
            almost=near,
            next_step=_next_step(
                national_gap=national_gap,
                near=len(near),
                best=best,
                status=status,
                expected=expected,
            ),
            category_status=status,
        )

    def _almost(self) -> tuple[str, ...]:
        """``almost``: one waivable hard failure; nearest first, then by rank."""
        policy = almost_policy(self.decision)
        near_criteria = np.array(
            [
                waivable_miss(failed, self._case, key, policy)
                for failed, key in zip(self.failed, self.table.criteria_keys, strict=True)
            ],
            dtype=np.bool_,
        )
        ranked = self.order[near_criteria[self.table.criteria_of][self.order]]
        nearest = ranked[np.argsort(self.rounded[ranked], kind="stable")[:ALMOST_MAX]]
        return tuple(self.table.groups[i].id for i in nearest.tolist())

    def _expected_free(self) -> dict[PlaceCategory, dt.date]:
        """The earliest expected free date of the eligible groups, per category."""
        earliest: dict[PlaceCategory, dt.date] = {}
        groups = self.table.groups
        for i, day in self.table.expected_free_on:
            if self.eligible[i]:
                category = groups[i].category
                if category not in earliest or day < earliest[category]:
                    earliest[category] = day
        return earliest

    def items(
        self, *, with_phone: bool, brief: bool, almost: Sequence[str]
    ) -> list[dict[str, Any]]:
        """``place_dicts(self, ...)``, written from the columns without a ``PlaceMatch`` per
        group: the reasons of each distinct set of criteria as dicts once, and the group's
        fields from the table."""
        hard: dict[int, list[dict[str, str]]] = {}
        codes = [brief_codes(failed) for failed in self.failed]
        soft_codes = {
            (full, stale): [{"code": c} for c in _soft_codes(0 if full else 1, stale)]
            for full in (False, True)
            for stale in (False, True)
        }
        groups, live = self.table.groups, self._live
        criteria_of, town_of = self.table.criteria_of.tolist(), self.table.town_of.tolist()
        eligible, available = self.eligible.tolist(), self.available.tolist()
        stale, score = self.stale.tolist(), self.score.tolist()
        order = self.order.tolist()
        ids = [groups[i].id for i in order]
        full = in_full(ids, [eligible[i] for i in order], brief=brief, almost=almost)
        items = []
        for i, place_id, whole in zip(order, ids, full, strict=True):
            if not whole:  # brief_item, written out: most groups of a brief answer
                if eligible[i]:  # an eligible group's only reasons: full and stale
                    shown = soft_codes[available[i] == 0, stale[i]]
                else:
                    shown = codes[criteria_of[i]]
                items.append({"id": place_id, "eligible": eligible[i], "reasons": shown})
                continue
            group = groups[i]
            soft = self.soft_reasons(i) if available[i] == 0 or stale[i] else ()
            j = criteria_of[i]
            if j not in hard:
                hard[j] = [r.to_dict() for r in self.hard(j)]
            reasons = hard[j]
            item = place_item(
                group,
                updated_at=live.updated_at[i],
                available=available[i],
                eligible=eligible[i],
                reasons=reasons + [r.to_dict() for r in soft] if soft else reasons,
                distance_km=self.town_rounded[town_of[i]],
                score=score[i],
                stale=stale[i],
            )
            if with_phone:
                item["phone_24_7"] = group.phone or None
            items.append(item)
        return items


@lru_cache(maxsize=131_072)  # at most every pair of the 342 municipalities
def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """``geography.distance_km`` between two label points."""
    return distance_km_between(lat1, lon1, lat2, lon2)


def _next_step(
    *,
    national_gap: bool,
    near: int,
    best: PlaceMatch | None,
    status: Sequence[CategoryStatus],
    expected: Mapping[PlaceCategory, dt.date],
) -> NextStep:
    """What the coordinator does now (the codes of the module docstring)."""
    if national_gap:
        return _ad_hoc(near)
    if best is None:
        return _waiting_list(status, expected)
    first = status[0] if status else None
    if first is None or first.category is best.place.category:
        return _place(best)
    return _next_category(best, first)


# --- ranking and score ------------------------------------------------------------------------


def category_rank(category: PlaceCategory, decision: RoutingDecision) -> int:
    """Position of a category in the route; after all route categories when not in it."""
    categories = route_categories(decision)
    return categories.index(category) if category in categories else len(categories)


def safety_rank(place: GroupProfile, facts: CaseFacts) -> int:
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
    place: GroupProfile,
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


def almost_policy(decision: RoutingDecision) -> AlmostPolicy:
    """The waivable objections of the rule set the decision was made with."""
    try:
        return ruleset_by_version(decision.ruleset_version).almost
    except RuleSetNotFoundError:  # a rule set made up by a test or a bench: the newest shipped
        return load_rulesets()[-1].almost


def almost(
    ordered: Sequence[PlaceMatch], facts: CaseFacts, decision: RoutingDecision
) -> tuple[str, ...]:
    """Ineligible places failing on exactly one waivable objection, nearest first."""
    policy, case = almost_policy(decision), case_values(facts, decision)
    near_misses = []
    for m in ordered:
        if waivable_miss(m.failed, case, criteria_key(m.place), policy):
            near_misses.append(m)
    near_misses.sort(key=lambda m: m.distance_km)  # stable: the ranking breaks ties
    return tuple(m.place.id for m in near_misses[:ALMOST_MAX])


def next_step(
    ordered: Sequence[PlaceMatch],
    status: Sequence[CategoryStatus],
    facts: CaseFacts,
    decision: RoutingDecision,
) -> NextStep:
    """What the coordinator does now (the codes of the module docstring)."""
    expected: dict[PlaceCategory, dt.date] = {}
    for m in ordered:
        day, category = m.place.expected_free_on, m.place.category
        if m.eligible and day and (category not in expected or day < expected[category]):
            expected[category] = day
    return _next_step(
        national_gap=not any(m.eligible for m in ordered),
        near=len(almost(ordered, facts, decision)),
        best=next((m for m in ordered if m.placeable), None),
        status=status,
        expected=expected,
    )


def _ad_hoc(near: int) -> NextStep:
    text = Joined(AD_HOC, Sentence(NEAR_MISSES, near=near)) if near else AD_HOC
    return NextStep(code=NextStepCode.AD_HOC, text=text)


def _waiting_list(
    status: Sequence[CategoryStatus], expected: Mapping[PlaceCategory, dt.date]
) -> NextStep:
    category = next(s.category for s in status if s.eligible_groups)
    label = CATEGORY_LABELS_NL[category]
    if category in expected:
        day = f"{expected[category]:%d-%m-%Y}"
        wait = Sentence(WAIT_EXPECTED, category=label, day=day)
    else:
        wait = Sentence(WAIT, category=label)
    text = Joined(wait, MEANWHILE)
    return NextStep(code=NextStepCode.WAITING_LIST, text=text, category=category)


def _place(best: PlaceMatch) -> NextStep:
    where = {"location": best.place.location_name, "place": CATEGORY_PLACE_NL[best.place.category]}
    if best.available == 1:
        text: str = Sentence(PLACE_ONE, **where)
    else:
        text = Sentence(PLACE_MANY, beds=best.available, **where)
    if best.stale:
        text = Joined(text, CALL_FIRST)
    return NextStep(
        code=NextStepCode.PLACE, text=text, category=best.place.category, place_id=best.place.id
    )


def _next_category(best: PlaceMatch, first: CategoryStatus) -> NextStep:
    category = first.category
    head = CATEGORY_FULL_NL[category] if first.eligible_groups else CATEGORY_NONE_NL[category]
    free, location = CATEGORY_FREE_NL[best.place.category], best.place.location_name
    text = Sentence(NEXT_CATEGORY, head=head, free=free, location=location)
    return NextStep(
        code=NextStepCode.NEXT_CATEGORY,
        text=text,
        category=best.place.category,
        place_id=best.place.id,
    )
