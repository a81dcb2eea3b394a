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

The hard rules exist twice: ``evaluate`` judges one pair and explains itself; ``failure_matrices``
judges many cases x many places at once with numpy bitmasks, for batch assignment. A property
test keeps the two in agreement: change them together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache, cached_property, lru_cache
from operator import attrgetter
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import orjson
from numpy.typing import NDArray

from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.enums import (
    CONTRA_INDICATION_LABELS_NL,
    EXPLOITATION_LABELS_NL,
    ContraIndication,
    Exploitation,
    Gender,
    PlaceCategory,
    ReasonCode,
    RegionBindingKind,
)
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.places import PlaceGroup, RegionBinding

HARD_CODES: tuple[ReasonCode, ...] = (
    ReasonCode.CATEGORY,
    ReasonCode.GENDER,
    ReasonCode.AGE,
    ReasonCode.EXPLOITATION,
    ReasonCode.CONTRA_INDICATION,
    ReasonCode.CHILDREN,
    ReasonCode.REGION_BINDING,
    ReasonCode.SAFETY,
)
SOFT_CODES: tuple[ReasonCode, ...] = (ReasonCode.FULL, ReasonCode.STALE)

# "a COSM place", "an NLA place": the category as the noun of a sentence.
CATEGORY_PLACE_NL: dict[PlaceCategory, str] = {
    PlaceCategory.COSM: "COSM-plek",
    PlaceCategory.OMM: "OMM-plek",
    PlaceCategory.WMO: "Wmo-plek",
    PlaceCategory.NLA: "NLA-plek",
    PlaceCategory.MANNENOPVANG: "plek in de mannenopvang",
    PlaceCategory.CRISIS: "crisisplek",
}
GENDER_GROUPS_NL: dict[Gender, str] = {
    Gender.FEMALE: "vrouwen",
    Gender.MALE: "mannen",
    Gender.OTHER: "mensen met een andere genderidentiteit",
}
SAFETY_TEXT = (
    "Deze plek is niet ingericht op criminele uitbuiting: het criminele netwerk zoekt het "
    "slachtoffer vaak op en brengt dan ook de andere bewoners in gevaar (rapport, hoofdstuk 4)."
)


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    text: str  # one Dutch sentence naming the concrete value

    @property
    def hard(self) -> bool:
        return self.code in HARD_CODES

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code.value, "text": self.text}

    @cached_property
    def json(self) -> bytes:
        """``to_dict()`` as JSON, kept with the reason: a match writes 2,100 groups' reasons at
        100x the registry, and the same reason objects come back (``_reason``)."""
        return orjson.dumps(self.to_dict())


@dataclass(frozen=True)
class Evaluation:
    place: PlaceGroup
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


@dataclass(frozen=True)
class _Case:
    facts: CaseFacts
    decision: RoutingDecision
    regions: RegionTable


def route_categories(decision: RoutingDecision) -> tuple[PlaceCategory, ...]:
    """The categories a case is matched against, best fit first (gap categories on a gap)."""
    return decision.gap_categories if decision.national_gap else decision.place_categories


def is_stale(place: PlaceGroup, *, now: dt.datetime, stale_after: dt.timedelta) -> bool:
    updated = place.availability_updated_at
    return updated is None or now - updated > stale_after


def evaluate(
    place: PlaceGroup,
    facts: CaseFacts,
    decision: RoutingDecision,
    *,
    regions: RegionTable,
    now: dt.datetime,
    stale_after: dt.timedelta,
) -> Evaluation:
    """Judge one place for one case: every hard criterion it fails, then full and stale."""
    case = _Case(facts=facts, decision=decision, regions=regions)
    reasons = list(_hard_reasons(place, case))
    if (text := _full_text(place)) is not None:
        reasons.append(Reason(ReasonCode.FULL, text))
    if is_stale(place, now=now, stale_after=stale_after):
        reasons.append(Reason(ReasonCode.STALE, _stale_text(place)))
    return Evaluation(place=place, reasons=tuple(reasons))


def _hard_reasons(place: PlaceGroup, case: _Case) -> tuple[Reason, ...]:
    return tuple(
        _reason(code, text)
        for code, check in _HARD_CHECKS
        if (text := check(place, case)) is not None
    )


@lru_cache(maxsize=4096)  # a reason object per distinct text: matching words the same often
def _reason(code: ReasonCode, text: str) -> Reason:
    return Reason(code, text)


# --- one case against many places ----------------------------------------------------------
#
# A match judges every group in the country (2,100 at 100x the registry), but groups share their
# admission criteria: the hard reasons depend only on ``criteria_key`` (121 distinct sets at
# 100x). Matching gives ``CaseEvaluator`` one group of each distinct set (``PlaceTable``); it
# agrees with ``evaluate`` reason for reason (tests/domain/test_matching_memo.py). ``full`` and
# ``stale`` are matching's (``full_reason``, ``stale_reason``).

CriteriaKey = tuple[object, ...]


# Everything of a place that the hard criteria read: equal keys fail equally. attrgetter builds
# the tuple in C.
criteria_key: Callable[[PlaceGroup], CriteriaKey] = attrgetter(
    "category",
    "genders",
    "age_min",
    "age_max",
    "exploitation_served",
    "contra_indications_excluded",
    "multi_problem_accepted",
    "children_allowed",
    "region_binding",
)


class CaseEvaluator:
    """The hard reasons of ``evaluate`` for one case and many places."""

    def __init__(
        self, facts: CaseFacts, decision: RoutingDecision, *, regions: RegionTable
    ) -> None:
        self._case = _Case(facts=facts, decision=decision, regions=regions)

    def hard_reasons_all(self, criteria: CriteriaColumns) -> list[tuple[Reason, ...]]:
        """The hard reasons of every place of ``criteria`` (empty: eligible), in order: the
        failures found with the numpy columns of ``failure_matrices``, then worded by the
        checks of ``evaluate`` (which agree pair by pair: test_matching_properties.py)."""
        case = self._case
        columns = _case_columns([(case.facts, case.decision)], criteria.areas, case.regions)
        failures = _failures(columns, criteria.columns)
        fails = np.stack([failures[code][0] for code, _ in _HARD_CHECKS])  # (checks, places)
        reasons: list[tuple[Reason, ...]] = [()] * len(criteria.places)
        failing = np.flatnonzero(fails.any(axis=0))
        for j, row in zip(failing.tolist(), fails[:, failing].T.tolist(), strict=True):
            place = criteria.places[j]
            reasons[j] = tuple(
                _reason(code, text)
                for (code, check), fail in zip(_HARD_CHECKS, row, strict=True)
                if fail and (text := check(place, case)) is not None
            )
        return reasons


# --- the hard criteria, one pair at a time ----------------------------------------------------


# Each check reads a few plain values of the place and the case; a match at 100x the registry
# asks each of them 121 times for one case and again for the next, so the wording is kept per
# distinct set of values (the same sentences, worked out once).


def _check_category(place: PlaceGroup, case: _Case) -> str | None:
    return _category_text(place.category, route_categories(case.decision))


@lru_cache(maxsize=1024)
def _category_text(category: PlaceCategory, allowed: tuple[PlaceCategory, ...]) -> str | None:
    if category in allowed:
        return None
    this = f"Dit is een {CATEGORY_PLACE_NL[category]}"
    if not allowed:
        return f"{this}; de route van deze casus wijst geen categorie opvang aan."
    route = join_nl([CATEGORY_PLACE_NL[c] for c in allowed], "of")
    return f"{this}; deze casus komt alleen in aanmerking voor een {route}."


def _check_gender(place: PlaceGroup, case: _Case) -> str | None:
    gender = case.facts.gender
    if not place.genders or gender in place.genders:
        return None
    return _gender_text(place.genders, gender)


@lru_cache(maxsize=256)
def _gender_text(genders: frozenset[Gender], gender: Gender | None) -> str:
    groups = join_nl([GENDER_GROUPS_NL[g] for g in Gender if g in genders], "en")
    if gender is None:
        return (
            f"Deze plek neemt alleen {groups} op en het geslacht van het slachtoffer is onbekend."
        )
    return f"Deze plek neemt alleen {groups} op."


def _check_age(place: PlaceGroup, case: _Case) -> str | None:
    age = case.facts.age
    if age is None:
        return None
    if place.age_min is not None and age < place.age_min:
        return _age_text("vanaf", place.age_min, age)
    if place.age_max is not None and age > place.age_max:
        return _age_text("tot en met", place.age_max, age)
    return None


@lru_cache(maxsize=1024)
def _age_text(bound: str, limit: int, age: int) -> str:
    return f"Deze plek neemt alleen mensen {bound} {limit} jaar op; het slachtoffer is {age}."


def _check_exploitation(place: PlaceGroup, case: _Case) -> str | None:
    return _exploitation_text(case.facts.exploitation, place.exploitation_served)


@lru_cache(maxsize=1024)
def _exploitation_text(
    exploitation: frozenset[Exploitation], served_by_place: frozenset[Exploitation]
) -> str | None:
    forms = exploitation - {Exploitation.CRIMINAL}
    if not forms or forms & served_by_place:
        return None
    wanted = _labels(forms, Exploitation, EXPLOITATION_LABELS_NL)
    served = _labels(served_by_place, Exploitation, EXPLOITATION_LABELS_NL)
    if not served:
        return f"Deze plek is niet ingericht op {join_nl(wanted, 'of')}."
    return f"Deze plek is alleen voor {join_nl(served, 'en')}, niet voor {join_nl(wanted, 'of')}."


def _check_contra_indication(place: PlaceGroup, case: _Case) -> str | None:
    facts = case.facts
    return _contra_indication_text(
        facts.contra_indications & place.contra_indications_excluded,
        facts.multi_problem and not place.multi_problem_accepted,
    )


@lru_cache(maxsize=256)
def _contra_indication_text(
    excluded: frozenset[ContraIndication], refuses_multi: bool
) -> str | None:
    parts = []
    if excluded:
        labels = _labels(excluded, ContraIndication, CONTRA_INDICATION_LABELS_NL)
        parts.append(f"sluit {join_nl(labels, 'en')} uit")
    if refuses_multi:
        parts.append("neemt geen slachtoffers met multiproblematiek op")
    return f"Deze plek {' en '.join(parts)}." if parts else None


def _check_children(place: PlaceGroup, case: _Case) -> str | None:
    children = case.facts.children
    if children <= 0 or place.children_allowed:
        return None
    brought = "1 kind" if children == 1 else f"{children} kinderen"
    return f"Deze plek neemt geen kinderen op; het slachtoffer heeft {brought} bij zich."


def _check_region_binding(place: PlaceGroup, case: _Case) -> str | None:
    binding = place.region_binding
    if binding is None:
        return None
    found = case.facts.found_municipality
    responsible = case.decision.responsible_municipality
    codes = [found] if responsible is None else [found, responsible]
    if any(in_area(binding, code, case.regions) for code in codes):
        return None
    found_name = case.regions.municipality(found).name
    text = f"Deze plek is alleen voor slachtoffers uit {area_name(binding, case.regions)}; "
    text += f"het slachtoffer is aangetroffen in {found_name}"
    if responsible is not None and responsible != found:
        text += (
            f" en de verantwoordelijke gemeente is {case.regions.municipality(responsible).name}"
        )
    return text + "."


def _check_safety(place: PlaceGroup, case: _Case) -> str | None:
    criminal = Exploitation.CRIMINAL
    if criminal in case.facts.exploitation and criminal not in place.exploitation_served:
        return SAFETY_TEXT
    return None


_HARD_CHECKS: tuple[tuple[ReasonCode, Callable[[PlaceGroup, _Case], str | None]], ...] = (
    (ReasonCode.CATEGORY, _check_category),
    (ReasonCode.GENDER, _check_gender),
    (ReasonCode.AGE, _check_age),
    (ReasonCode.EXPLOITATION, _check_exploitation),
    (ReasonCode.CONTRA_INDICATION, _check_contra_indication),
    (ReasonCode.CHILDREN, _check_children),
    (ReasonCode.REGION_BINDING, _check_region_binding),
    (ReasonCode.SAFETY, _check_safety),
)


def in_area(binding: RegionBinding, municipality: str, regions: RegionTable) -> bool:
    """Whether a municipality lies in the area a place is bound to."""
    if binding.kind is RegionBindingKind.MUNICIPALITY:
        return municipality == binding.code
    found = regions.municipality(municipality)
    if binding.kind is RegionBindingKind.POLICE_UNIT:
        return found.police_unit == binding.code
    return found.care_region == binding.code


def area_name(binding: RegionBinding, regions: RegionTable) -> str:
    """Dutch name of a bound area: "de gemeente Rotterdam", "politie-eenheid Rotterdam"."""
    code = binding.code
    if binding.kind is RegionBindingKind.MUNICIPALITY:
        name = regions.municipalities[code].name if code in regions else code
        return f"de gemeente {name}"
    if binding.kind is RegionBindingKind.POLICE_UNIT:
        units = (
            m.police_unit_name for m in regions.municipalities.values() if m.police_unit == code
        )
        return f"politie-eenheid {next(units, code)}"
    region = regions.regions.get(code)
    return f"zorgregio {region.name if region else code}"


# --- the soft reasons -------------------------------------------------------------------------


def _full_text(place: PlaceGroup) -> str | None:
    if place.available > 0:
        return None
    if place.free > 0:
        held = "het vrije bed wordt" if place.free == 1 else f"de {place.free} vrije bedden worden"
        return f"Geen bed beschikbaar: {held} vastgehouden voor een lopende verwijzing."
    if place.multi_labelled and place.capacity_min < place.capacity:
        guaranteed = f"{'is' if place.capacity_min == 1 else 'zijn'} er {place.capacity_min}"
        return (
            f"Geen bed vrij. Deze plek is meervoudig gelabeld: van de {place.capacity} bedden "
            f"{guaranteed} gegarandeerd voor slachtoffers van mensenhandel; de andere zijn bezet "
            "door andere doelgroepen."
        )
    if place.capacity == 1:
        return "Geen bed vrij: het enige bed is bezet."
    return f"Geen bed vrij: alle {place.capacity} bedden zijn bezet."


def full_reason(place: PlaceGroup) -> Reason | None:
    """``full`` when no bed of the group is available now, else None."""
    text = _full_text(place)
    return None if text is None else Reason(ReasonCode.FULL, text)


def stale_reason(updated: dt.datetime | None) -> Reason:
    """``stale`` for availability last confirmed at ``updated`` (None: never)."""
    return _stale_reason(updated)


def _stale_text(place: PlaceGroup) -> str:
    updated = place.availability_updated_at
    return _stale_text_at(updated, updated.fold if updated else 0)


def _stale_reason(updated: dt.datetime | None) -> Reason:
    return _stale_reason_at(updated, updated.fold if updated else 0)


# Cached per time, with ``fold``: times in one zone compare equal whatever their fold.
@lru_cache(maxsize=8192)  # one per group at most: the same times come back every match
def _stale_reason_at(updated: dt.datetime | None, fold: int) -> Reason:
    return Reason(ReasonCode.STALE, _stale_text_at(updated, fold))


@lru_cache(maxsize=8192)
def _stale_text_at(updated: dt.datetime | None, fold: int) -> str:
    if updated is None:
        return (
            "De beschikbaarheid van deze plek is nooit doorgegeven; "
            "bel de opvang om te controleren."
        )
    local = updated.astimezone(_dutch_time()) if updated.tzinfo else updated
    return (
        f"De beschikbaarheid is voor het laatst bijgewerkt op {local:%d-%m-%Y} om {local:%H:%M}; "
        "bel de opvang om te controleren."
    )


@cache
def _dutch_time() -> dt.tzinfo:
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:  # a system without tz data: show UTC rather than fail
        return dt.UTC


# --- Dutch text helpers -----------------------------------------------------------------------


def join_nl(items: Sequence[str], conjunction: str) -> str:
    """["a", "b", "c"] -> "a, b of c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _labels[E: Enum](members: Iterable[E], enum: type[E], labels: dict[E, str]) -> list[str]:
    chosen = set(members)
    return [labels[m] for m in enum if m in chosen]  # enum order: stable text


# --- the hard criteria, many cases x many places at once --------------------------------------
#
# Criteria become integers: a set of enum members is a bitmask (bit i = i-th member), an open
# age bound a sentinel, a region binding an index into a vocabulary of (kind, code) areas.
# Each matrix has one row per case and one column per place; True means "fails".

Matrix = NDArray[np.bool_]
_OPEN_AGE_MAX = 1_000
_NO_AREA = -1
_UNKNOWN_AREA = -2
_UNKNOWN_GENDER_BIT = 1 << len(Gender)
_Area = tuple[RegionBindingKind, str]


def _area(binding: RegionBinding) -> _Area:
    return (binding.kind, binding.code)


def _bitmask[E: Enum](members: Iterable[E], enum: type[E]) -> int:
    bits = _bits(enum)
    mask = 0
    for member in members:
        mask |= bits[member]
    return mask


@cache
def _bits(enum: type[Enum]) -> dict[Enum, int]:
    return {member: 1 << i for i, member in enumerate(enum)}


@dataclass(frozen=True)
class _PlaceColumns:
    category: NDArray[np.int32]
    genders: NDArray[np.int32]
    age_min: NDArray[np.int32]
    age_max: NDArray[np.int32]
    served: NDArray[np.int32]
    serves_criminal: NDArray[np.bool_]
    excluded: NDArray[np.int32]
    multi_problem_accepted: NDArray[np.bool_]
    children_allowed: NDArray[np.bool_]
    binding: NDArray[np.int32]


@dataclass(frozen=True)
class _CaseColumns:
    categories: NDArray[np.int32]
    gender: NDArray[np.int32]
    age: NDArray[np.int32]
    age_known: NDArray[np.bool_]
    forms: NDArray[np.int32]
    criminal: NDArray[np.bool_]
    contra: NDArray[np.int32]
    multi_problem: NDArray[np.bool_]
    children: NDArray[np.bool_]
    areas: NDArray[np.int32]  # (cases, 6): found and responsible municipality's areas


def _ints(values: Iterable[int]) -> NDArray[np.int32]:
    return np.fromiter(values, dtype=np.int32)  # 32 bits: half the memory traffic of 64


def _bools(values: Iterable[bool]) -> NDArray[np.bool_]:
    return np.fromiter(values, dtype=np.bool_)


def _place_columns(places: Sequence[PlaceGroup], areas: dict[_Area, int]) -> _PlaceColumns:
    anyone = (_UNKNOWN_GENDER_BIT << 1) - 1  # every gender bit and "unknown"
    criminal = Exploitation.CRIMINAL
    return _PlaceColumns(
        category=_ints(_bitmask([p.category], PlaceCategory) for p in places),
        genders=_ints(_bitmask(p.genders, Gender) if p.genders else anyone for p in places),
        age_min=_ints(-1 if p.age_min is None else p.age_min for p in places),
        age_max=_ints(_OPEN_AGE_MAX if p.age_max is None else p.age_max for p in places),
        served=_ints(_bitmask(p.exploitation_served, Exploitation) for p in places),
        serves_criminal=_bools(criminal in p.exploitation_served for p in places),
        excluded=_ints(_bitmask(p.contra_indications_excluded, ContraIndication) for p in places),
        multi_problem_accepted=_bools(p.multi_problem_accepted for p in places),
        children_allowed=_bools(p.children_allowed for p in places),
        binding=_ints(
            _NO_AREA if p.region_binding is None else areas[_area(p.region_binding)] for p in places
        ),
    )


def _case_columns(
    cases: Sequence[tuple[CaseFacts, RoutingDecision]],
    areas: dict[_Area, int],
    regions: RegionTable,
) -> _CaseColumns:
    facts = [f for f, _ in cases]
    criminal_bit = _bitmask([Exploitation.CRIMINAL], Exploitation)
    return _CaseColumns(
        categories=_ints(_bitmask(route_categories(d), PlaceCategory) for _, d in cases),
        gender=_ints(
            _UNKNOWN_GENDER_BIT if f.gender is None else _bitmask([f.gender], Gender) for f in facts
        ),
        age=_ints(-1 if f.age is None else f.age for f in facts),
        age_known=_bools(f.age is not None for f in facts),
        forms=_ints(_bitmask(f.exploitation, Exploitation) & ~criminal_bit for f in facts),
        criminal=_bools(Exploitation.CRIMINAL in f.exploitation for f in facts),
        contra=_ints(_bitmask(f.contra_indications, ContraIndication) for f in facts),
        multi_problem=_bools(f.multi_problem for f in facts),
        children=_bools(f.children > 0 for f in facts),
        areas=np.array(
            [_case_areas(f, d, areas, regions) if areas else [] for f, d in cases],
            dtype=np.int32,
        ).reshape(len(cases), 6 if areas else 0),
    )


def _case_areas(
    facts: CaseFacts,
    decision: RoutingDecision,
    areas: dict[_Area, int],
    regions: RegionTable,
) -> list[int]:
    ids = []
    for code in (facts.found_municipality, decision.responsible_municipality):
        if code is None:
            ids += [_UNKNOWN_AREA] * 3
            continue
        municipality = regions.municipality(code)
        for kind, area in (
            (RegionBindingKind.MUNICIPALITY, code),
            (RegionBindingKind.POLICE_UNIT, municipality.police_unit),
            (RegionBindingKind.CARE_REGION, municipality.care_region),
        ):
            ids.append(areas.get((kind, area), _UNKNOWN_AREA))
    return ids


def failure_matrices(
    cases: Sequence[tuple[CaseFacts, RoutingDecision]],
    places: Sequence[PlaceGroup],
    *,
    regions: RegionTable,
) -> dict[ReasonCode, Matrix]:
    """For each hard criterion a (cases x places) matrix, True where the pair fails it.

    Agrees with ``evaluate(...).failed`` pair by pair (tests/domain/test_matching_properties.py).
    """
    criteria = CriteriaColumns(places)
    return _failures(_case_columns(cases, criteria.areas, regions), criteria.columns)


class CriteriaColumns:
    """The hard criteria of many places as integer columns (for ``failure_matrices``), made
    once and kept: ``CaseEvaluator.hard_reasons_all`` judges one case against them all."""

    def __init__(self, places: Sequence[PlaceGroup]) -> None:
        self.places = tuple(places)
        self.areas: dict[_Area, int] = {}
        for place in places:
            if place.region_binding is not None:
                self.areas.setdefault(_area(place.region_binding), len(self.areas))
        self.columns = _place_columns(places, self.areas)


def _failures(c: _CaseColumns, p: _PlaceColumns) -> dict[ReasonCode, Matrix]:
    return {
        ReasonCode.CATEGORY: (c.categories[:, None] & p.category) == 0,
        ReasonCode.GENDER: (c.gender[:, None] & p.genders) == 0,
        ReasonCode.AGE: c.age_known[:, None]
        & ((c.age[:, None] < p.age_min) | (c.age[:, None] > p.age_max)),
        ReasonCode.EXPLOITATION: (c.forms[:, None] != 0) & ((c.forms[:, None] & p.served) == 0),
        ReasonCode.CONTRA_INDICATION: ((c.contra[:, None] & p.excluded) != 0)
        | (c.multi_problem[:, None] & ~p.multi_problem_accepted),
        ReasonCode.CHILDREN: c.children[:, None] & ~p.children_allowed,
        ReasonCode.REGION_BINDING: _binding_failures(c.areas, p.binding),
        ReasonCode.SAFETY: c.criminal[:, None] & ~p.serves_criminal,
    }


def _binding_failures(case_areas: NDArray[np.int32], binding: NDArray[np.int32]) -> Matrix:
    failures = np.zeros((case_areas.shape[0], binding.shape[0]), dtype=np.bool_)
    bound = np.flatnonzero(binding != _NO_AREA)  # usually few: only these columns need work
    satisfied = np.zeros((case_areas.shape[0], bound.shape[0]), dtype=np.bool_)
    for column in case_areas.T:
        satisfied |= column[:, None] == binding[bound]
    failures[:, bound] = ~satisfied
    return failures


def eligibility_matrix(
    cases: Sequence[tuple[CaseFacts, RoutingDecision]],
    places: Sequence[PlaceGroup],
    *,
    regions: RegionTable,
) -> Matrix:
    """(cases x places), True where the place is eligible for the case (no hard failure)."""
    failures = failure_matrices(cases, places, regions=regions)
    eligible = np.ones((len(cases), len(places)), dtype=np.bool_)
    for matrix in failures.values():
        eligible &= ~matrix
    return eligible
