"""What the monitoring counts, derived from what was recorded: one ``CaseFlow`` per case.

The report (ch. 3 and 6) asks how many victims are signalled, referred and placed, where they
stop, how long it takes and who finds no place at all. Every figure comes from a case's facts
and its timeline (``TimelineEvent``: signal, picked up, routed, referred, accepted, placed,
ad hoc, waiting, outflow, closed), never from a number somebody typed in. This module holds the
rules that turn one case's record into the values the tables count:

- **step**: the furthest step of the route signal → routed → picked up → referred → accepted →
  placed suitably that the case reached (intake routes every signal at once, so "routed" comes
  before a coordinator picks the case up) (a partition: each case counts once, so the funnel's
  "reached step k" is the sum over the steps from k on);
- **outcome**: whether the case is still open, closed without dropping out, or dropped out
  (outflow or closure "vertrokken, verblijfplaats onbekend");
- **shelter**: what the case got: a suitable place (a place of a category its routing named),
  only an ad hoc place (or an unsuitable one), or nothing yet;
- **handed over**: when the case first went to another holder (a ``handed_over`` event: a
  track change or a first placement after which the region takes over), and how often;
- the profile dimensions (gender, age group, nationality group, primary form of exploitation,
  gap profile) from the case facts.

Pure: no Django. Times are passed in; nothing here reads a clock.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from veiligeplek.domain.countries import FREE_MOVEMENT, NETHERLANDS
from veiligeplek.domain.enums import Exploitation, Gender


class Step(StrEnum):
    SIGNAL = "signal"
    ROUTED = "routed"
    PICKED_UP = "picked_up"
    REFERRED = "referred"
    ACCEPTED = "accepted"
    PLACED_SUITABLY = "placed_suitably"


STEPS: tuple[Step, ...] = tuple(Step)


class Outcome(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    DROPPED_OUT = "dropped_out"


class Shelter(StrEnum):
    SUITABLE = "suitable"
    AD_HOC = (
        "ad_hoc"  # an ad hoc place, or a place outside the routed categories, never a suitable one
    )
    NONE = "none"


class NationalityGroup(StrEnum):
    NL = "nl"
    EU = "eu"  # EU/EEA/Switzerland: free movement
    THIRD_COUNTRY = "third_country"
    UNKNOWN = "unknown"


class AgeGroup(StrEnum):
    MINOR = "minor"
    ADULT = "adult"
    UNKNOWN = "unknown"


class GapProfile(StrEnum):
    """The report's profiles that find no place, first match wins (so the profiles partition
    the cases): criminal exploitation, minors, men with children, men, contra-indications,
    multi-problem, and everyone else."""

    CRIMINAL = "criminal"
    MINOR = "minor"
    MEN_WITH_CHILDREN = "men_with_children"
    MEN = "men"
    CONTRA_INDICATION = "contra_indication"
    MULTI_PROBLEM = "multi_problem"
    OTHER = "other"


MULTIPLE = "multiple"  # more than one form of exploitation
EXPLOITATION_VALUES: tuple[str, ...] = (*(e.value for e in Exploitation), MULTIPLE)
GENDER_VALUES: tuple[str, ...] = (*(g.value for g in Gender), "unknown")
DROPPED_OUT = "dropped_out"  # the outflow and the closing reason share this code


@dataclass(frozen=True)
class CaseEvent:
    kind: str
    at: dt.datetime
    detail: Mapping[str, Any]


@dataclass(frozen=True)
class CaseFlow:
    """The derived record of one case; times are ``None`` when the step was never reached."""

    signal_at: dt.datetime
    picked_up_at: dt.datetime | None
    routed_at: dt.datetime | None
    referred_at: dt.datetime | None
    accepted_at: dt.datetime | None
    first_placement_at: dt.datetime | None  # suitable or ad hoc, whichever came first
    suitable_placement_at: dt.datetime | None
    ad_hoc_at: dt.datetime | None
    waiting_at: dt.datetime | None
    closed_at: dt.datetime | None
    handed_over_at: dt.datetime | None  # the first handover to another holder
    handovers: int
    step: Step
    outcome: Outcome
    shelter: Shelter
    suitable_category: str  # category of the first suitable placement, "" if none
    suitable_group: str  # the place group's external id, "" if none


def _first(events: Iterable[CaseEvent], kind: str, **match: object) -> CaseEvent | None:
    for event in events:
        if event.kind == kind and all(event.detail.get(k) == v for k, v in match.items()):
            return event
    return None


def derive_flow(signal_at: dt.datetime, events: Sequence[CaseEvent]) -> CaseFlow:
    """One case's flow from its timeline (events in time order)."""
    ordered = sorted(events, key=lambda e: e.at)
    at = {kind: (e.at if (e := _first(ordered, kind)) else None) for kind in _KINDS}
    suitable = _first(ordered, "placed", suitable=True)
    unsuitable = _first(ordered, "placed", suitable=False)
    ad_hoc_times = [t for t in (at["ad_hoc"], unsuitable.at if unsuitable else None) if t]
    ad_hoc_at = min(ad_hoc_times) if ad_hoc_times else None
    suitable_at = suitable.at if suitable else None
    placements = [t for t in (ad_hoc_at, suitable_at) if t]
    return CaseFlow(
        signal_at=signal_at,
        picked_up_at=at["picked_up"],
        routed_at=at["routed"],
        referred_at=at["referred"],
        accepted_at=at["accepted"],
        first_placement_at=min(placements) if placements else None,
        suitable_placement_at=suitable_at,
        ad_hoc_at=ad_hoc_at,
        waiting_at=at["waiting"],
        closed_at=_closed_at(ordered),
        handed_over_at=at["handed_over"],
        handovers=sum(1 for e in ordered if e.kind == "handed_over"),
        step=_step(at, suitable_at),
        outcome=_outcome(ordered),
        shelter=Shelter.SUITABLE if suitable else Shelter.AD_HOC if ad_hoc_at else Shelter.NONE,
        suitable_category=str(suitable.detail.get("category", "")) if suitable else "",
        suitable_group=str(suitable.detail.get("group", "")) if suitable else "",
    )


_KINDS = ("picked_up", "routed", "referred", "accepted", "ad_hoc", "waiting", "handed_over")


def _step(at: Mapping[str, dt.datetime | None], suitable_at: dt.datetime | None) -> Step:
    if suitable_at is not None:
        return Step.PLACED_SUITABLY
    for step, kind in (
        (Step.ACCEPTED, "accepted"),
        (Step.REFERRED, "referred"),
        (Step.PICKED_UP, "picked_up"),
        (Step.ROUTED, "routed"),
    ):
        if at[kind] is not None:
            return step
    return Step.SIGNAL


def _closed_at(events: Sequence[CaseEvent]) -> dt.datetime | None:
    closed = [e.at for e in events if e.kind == "closed"]
    return closed[-1] if closed else None


def _outcome(events: Sequence[CaseEvent]) -> Outcome:
    """Dropped out is a closure, by the closing reason or by the last outflow."""
    closed = [e for e in events if e.kind == "closed"]
    if not closed:
        return Outcome.OPEN
    last = closed[-1].detail
    if DROPPED_OUT in (last.get("reason"), last.get("outflow")):
        return Outcome.DROPPED_OUT
    return Outcome.CLOSED


def nationality_group(nationality: str | None) -> NationalityGroup:
    if not nationality:
        return NationalityGroup.UNKNOWN
    if nationality == NETHERLANDS:
        return NationalityGroup.NL
    return NationalityGroup.EU if nationality in FREE_MOVEMENT else NationalityGroup.THIRD_COUNTRY


def age_group(age: int | None) -> AgeGroup:
    if age is None:
        return AgeGroup.UNKNOWN
    return AgeGroup.MINOR if age < 18 else AgeGroup.ADULT


def primary_exploitation(forms: Sequence[str]) -> str:
    distinct = sorted(set(forms))
    if len(distinct) == 1:
        return distinct[0]
    return MULTIPLE if distinct else Exploitation.OTHER.value


def gap_profile(facts: Mapping[str, Any]) -> GapProfile:
    """The first profile of ``GapProfile`` that the facts match."""
    male = facts.get("gender") == Gender.MALE
    age = facts.get("age")
    if Exploitation.CRIMINAL in (facts.get("exploitation") or []):
        return GapProfile.CRIMINAL
    if age is not None and age < 18:
        return GapProfile.MINOR
    if male and (facts.get("children") or 0) > 0:
        return GapProfile.MEN_WITH_CHILDREN
    if male:
        return GapProfile.MEN
    if facts.get("contra_indications"):
        return GapProfile.CONTRA_INDICATION
    if facts.get("multi_problem"):
        return GapProfile.MULTI_PROBLEM
    return GapProfile.OTHER


def gender_value(gender: str | None) -> str:
    return gender if gender in GENDER_VALUES else "unknown"


def days_between(start: dt.datetime, end: dt.datetime | None) -> float | None:
    if end is None:
        return None
    return max(0.0, (end - start).total_seconds() / 86_400)


@dataclass(frozen=True)
class Spread:
    """Median and 90th percentile of a set of durations or distances, with the count behind."""

    n: int
    median: float | None
    p90: float | None


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (the ``inclusive`` method; also what
    PostgreSQL's ``percentile_cont`` computes), on values sorted ascending."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    fraction = position - low
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * fraction


def spread(values: Iterable[float]) -> Spread:
    ordered = sorted(values)
    if not ordered:
        return Spread(0, None, None)
    return Spread(len(ordered), round(quantile(ordered, 0.5), 1), round(quantile(ordered, 0.9), 1))
