"""The Dutch sentences of eligibility: one per reason code, naming the concrete value.

The rules themselves (what fails) are in ``eligibility``; this module only words a failure
that a rule found. Each sentence function takes the plain values the rule read, so equal values
give the same sentence (memoised where a match asks for the same one often). Each sentence is a
``wording.Sentence`` (a ``str``, Dutch) that a page says again in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from veiligeplek.domain.enums import (
    CONTRA_INDICATION_LABELS_NL,
    EXPLOITATION_LABELS_NL,
    ContraIndication,
    Exploitation,
    Gender,
    PlaceCategory,
    RegionBindingKind,
)
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.places import RegionBinding
from veiligeplek.domain.wording import AND, OR, Listing, Sentence, Term, _

# "a COSM place", "an NLA place": the category as the noun of a sentence.
CATEGORY_PLACE_NL: dict[PlaceCategory, Term] = {
    PlaceCategory.COSM: _("COSM-plek"),
    PlaceCategory.OMM: _("OMM-plek"),
    PlaceCategory.WMO: _("Wmo-plek"),
    PlaceCategory.NLA: _("NLA-plek"),
    PlaceCategory.MANNENOPVANG: _("plek in de mannenopvang"),
    PlaceCategory.CRISIS: _("crisisplek"),
}
GENDER_GROUPS_NL: dict[Gender, Term] = {
    Gender.FEMALE: _("vrouwen"),
    Gender.MALE: _("mannen"),
    Gender.OTHER: _("mensen met een andere genderidentiteit"),
}
SAFETY_TEXT = _(
    "Deze plek is niet ingericht op criminele uitbuiting: het criminele netwerk zoekt het "
    "slachtoffer vaak op en brengt dan ook de andere bewoners in gevaar (rapport, hoofdstuk 4)."
)
CATEGORY_NO_ROUTE = _(
    "Dit is een %(place)s; de route van deze casus wijst geen categorie opvang aan."
)
CATEGORY_OTHER = _("Dit is een %(place)s; deze casus komt alleen in aanmerking voor een %(route)s.")
GENDER_UNKNOWN = _(
    "Deze plek neemt alleen %(groups)s op en het geslacht van het slachtoffer is onbekend."
)
GENDER_ONLY = _("Deze plek neemt alleen %(groups)s op.")
AGE_FROM = _("Deze plek neemt alleen mensen vanaf %(limit)s jaar op; het slachtoffer is %(age)s.")
AGE_UP_TO = _(
    "Deze plek neemt alleen mensen tot en met %(limit)s jaar op; het slachtoffer is %(age)s."
)
EXPLOITATION_NONE = _("Deze plek is niet ingericht op %(wanted)s.")
EXPLOITATION_OTHER = _("Deze plek is alleen voor %(offered)s, niet voor %(wanted)s.")
EXCLUDES = _("sluit %(names)s uit")
NO_MULTI_PROBLEM = _("neemt geen slachtoffers met multiproblematiek op")
CONTRA = _("Deze plek %(refusals)s.")
ONE_CHILD = _("Deze plek neemt geen kinderen op; het slachtoffer heeft 1 kind bij zich.")
CHILDREN = _("Deze plek neemt geen kinderen op; het slachtoffer heeft %(n)s kinderen bij zich.")
BOUND = _(
    "Deze plek is alleen voor slachtoffers uit %(area)s; het slachtoffer is aangetroffen in "
    "%(found)s."
)
BOUND_RESPONSIBLE = _(
    "Deze plek is alleen voor slachtoffers uit %(area)s; het slachtoffer is aangetroffen in "
    "%(found)s en de verantwoordelijke gemeente is %(responsible)s."
)
AREA_MUNICIPALITY = _("de gemeente %(name)s")
AREA_POLICE_UNIT = _("politie-eenheid %(name)s")
AREA_REGION = _("zorgregio %(name)s")
ONE_HELD = _("Geen bed beschikbaar: het vrije bed wordt vastgehouden voor een lopende verwijzing.")
MANY_HELD = _(
    "Geen bed beschikbaar: de %(free)s vrije bedden worden vastgehouden voor een lopende "
    "verwijzing."
)
MULTI_LABELLED_ONE = _(
    "Geen bed vrij. Deze plek is meervoudig gelabeld: van de %(capacity)s bedden is er 1 "
    "gegarandeerd voor slachtoffers van mensenhandel; de andere zijn bezet door andere doelgroepen."
)
MULTI_LABELLED = _(
    "Geen bed vrij. Deze plek is meervoudig gelabeld: van de %(capacity)s bedden zijn er "
    "%(guaranteed)s gegarandeerd voor slachtoffers van mensenhandel; de andere zijn bezet door "
    "andere doelgroepen."
)
ONLY_BED_TAKEN = _("Geen bed vrij: het enige bed is bezet.")
ALL_TAKEN = _("Geen bed vrij: alle %(capacity)s bedden zijn bezet.")
NEVER_UPDATED = _(
    "De beschikbaarheid van deze plek is nooit doorgegeven; bel de opvang om te controleren."
)
UPDATED_ON = _(
    "De beschikbaarheid is voor het laatst bijgewerkt op %(day)s om %(time)s; bel de opvang om "
    "te controleren."
)


# --- the hard criteria --------------------------------------------------------------------


@lru_cache(maxsize=1024)
def category_text(category: PlaceCategory, allowed: tuple[PlaceCategory, ...]) -> str:
    place = CATEGORY_PLACE_NL[category]
    if not allowed:
        return Sentence(CATEGORY_NO_ROUTE, place=place)
    route = Listing([CATEGORY_PLACE_NL[c] for c in allowed], OR)
    return Sentence(CATEGORY_OTHER, place=place, route=route)


@lru_cache(maxsize=256)
def gender_text(gender: Gender | None, genders: frozenset[Gender]) -> str:
    groups = Listing([GENDER_GROUPS_NL[g] for g in Gender if g in genders], AND)
    return Sentence(GENDER_UNKNOWN if gender is None else GENDER_ONLY, groups=groups)


@lru_cache(maxsize=1024)
def age_text(age: int, bounds: tuple[int | None, int | None]) -> str:
    age_min, age_max = bounds
    if age_min is not None and age < age_min:
        return Sentence(AGE_FROM, limit=age_min, age=age)
    return Sentence(AGE_UP_TO, limit=age_max, age=age)


@lru_cache(maxsize=1024)
def exploitation_text(forms: frozenset[Exploitation], served: frozenset[Exploitation]) -> str:
    wanted = Listing(labels(forms, Exploitation, EXPLOITATION_LABELS_NL), OR)
    offered = labels(served, Exploitation, EXPLOITATION_LABELS_NL)
    if not offered:
        return Sentence(EXPLOITATION_NONE, wanted=wanted)
    return Sentence(EXPLOITATION_OTHER, offered=Listing(offered, AND), wanted=wanted)


@lru_cache(maxsize=256)
def contra_indication_text(excluded: frozenset[ContraIndication], refuses_multi: bool) -> str:
    parts: list[object] = []
    if excluded:
        names = labels(excluded, ContraIndication, CONTRA_INDICATION_LABELS_NL)
        parts.append(Sentence(EXCLUDES, names=Listing(names, AND)))
    if refuses_multi:
        parts.append(NO_MULTI_PROBLEM)
    return Sentence(CONTRA, refusals=Listing(parts, AND))


def children_text(children: int) -> str:
    return ONE_CHILD if children == 1 else Sentence(CHILDREN, n=children)


def region_binding_text(
    found: str, responsible: str | None, binding: RegionBinding, regions: RegionTable
) -> str:
    area, found_name = area_name(binding, regions), regions.municipality(found).name
    if responsible is not None and responsible != found:
        name = regions.municipality(responsible).name
        return Sentence(BOUND_RESPONSIBLE, area=area, found=found_name, responsible=name)
    return Sentence(BOUND, area=area, found=found_name)


def area_name(binding: RegionBinding, regions: RegionTable) -> str:
    """Dutch name of a bound area: "de gemeente Rotterdam", "politie-eenheid Rotterdam"."""
    code = binding.code
    if binding.kind is RegionBindingKind.MUNICIPALITY:
        name = regions.municipalities[code].name if code in regions else code
        return Sentence(AREA_MUNICIPALITY, name=name)
    if binding.kind is RegionBindingKind.POLICE_UNIT:
        units = (
            m.police_unit_name for m in regions.municipalities.values() if m.police_unit == code
        )
        return Sentence(AREA_POLICE_UNIT, name=next(units, code))
    region = regions.regions.get(code)
    return Sentence(AREA_REGION, name=region.name if region else code)


# --- the soft reasons ---------------------------------------------------------------------


def full_text(*, free: int, capacity: int, capacity_min: int, multi_labelled: bool) -> str:
    """Why no bed of a group is available now (``free`` beds, all held when above 0)."""
    if free > 0:
        return ONE_HELD if free == 1 else Sentence(MANY_HELD, free=free)
    if multi_labelled and capacity_min < capacity:
        if capacity_min == 1:
            return Sentence(MULTI_LABELLED_ONE, capacity=capacity)
        return Sentence(MULTI_LABELLED, capacity=capacity, guaranteed=capacity_min)
    if capacity == 1:
        return ONLY_BED_TAKEN
    return Sentence(ALL_TAKEN, capacity=capacity)


# Kept per time with ``fold``: times in one zone compare equal whatever their fold.
@lru_cache(maxsize=8192)  # one per group at most: the same times come back every match
def stale_text(updated: dt.datetime | None, fold: int = 0) -> str:
    if updated is None:
        return NEVER_UPDATED
    local = updated.astimezone(_dutch_time()) if updated.tzinfo else updated
    return Sentence(UPDATED_ON, day=f"{local:%d-%m-%Y}", time=f"{local:%H:%M}")


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


def labels[E: Enum](members: Iterable[E], enum: type[E], names: Mapping[E, Term]) -> list[Term]:
    chosen = set(members)
    return [names[m] for m in enum if m in chosen]  # enum order: stable text
