"""The Dutch sentences of eligibility: one per reason code, naming the concrete value.

The rules themselves (what fails) are in ``eligibility``; this module only words a failure
that a rule found. Each sentence function takes the plain values the rule read, so equal values
give the same sentence (memoised where a match asks for the same one often).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
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


# --- the hard criteria --------------------------------------------------------------------


@lru_cache(maxsize=1024)
def category_text(category: PlaceCategory, allowed: tuple[PlaceCategory, ...]) -> str:
    this = f"Dit is een {CATEGORY_PLACE_NL[category]}"
    if not allowed:
        return f"{this}; de route van deze casus wijst geen categorie opvang aan."
    route = join_nl([CATEGORY_PLACE_NL[c] for c in allowed], "of")
    return f"{this}; deze casus komt alleen in aanmerking voor een {route}."


@lru_cache(maxsize=256)
def gender_text(gender: Gender | None, genders: frozenset[Gender]) -> str:
    groups = join_nl([GENDER_GROUPS_NL[g] for g in Gender if g in genders], "en")
    if gender is None:
        return (
            f"Deze plek neemt alleen {groups} op en het geslacht van het slachtoffer is onbekend."
        )
    return f"Deze plek neemt alleen {groups} op."


@lru_cache(maxsize=1024)
def age_text(age: int, bounds: tuple[int | None, int | None]) -> str:
    age_min, age_max = bounds
    limit: int | None
    if age_min is not None and age < age_min:
        bound, limit = "vanaf", age_min
    else:
        bound, limit = "tot en met", age_max
    return f"Deze plek neemt alleen mensen {bound} {limit} jaar op; het slachtoffer is {age}."


@lru_cache(maxsize=1024)
def exploitation_text(forms: frozenset[Exploitation], served: frozenset[Exploitation]) -> str:
    wanted = labels(forms, Exploitation, EXPLOITATION_LABELS_NL)
    offered = labels(served, Exploitation, EXPLOITATION_LABELS_NL)
    if not offered:
        return f"Deze plek is niet ingericht op {join_nl(wanted, 'of')}."
    return f"Deze plek is alleen voor {join_nl(offered, 'en')}, niet voor {join_nl(wanted, 'of')}."


@lru_cache(maxsize=256)
def contra_indication_text(excluded: frozenset[ContraIndication], refuses_multi: bool) -> str:
    parts = []
    if excluded:
        names = labels(excluded, ContraIndication, CONTRA_INDICATION_LABELS_NL)
        parts.append(f"sluit {join_nl(names, 'en')} uit")
    if refuses_multi:
        parts.append("neemt geen slachtoffers met multiproblematiek op")
    return f"Deze plek {' en '.join(parts)}."


def children_text(children: int) -> str:
    brought = "1 kind" if children == 1 else f"{children} kinderen"
    return f"Deze plek neemt geen kinderen op; het slachtoffer heeft {brought} bij zich."


def region_binding_text(
    found: str, responsible: str | None, binding: RegionBinding, regions: RegionTable
) -> str:
    found_name = regions.municipality(found).name
    text = f"Deze plek is alleen voor slachtoffers uit {area_name(binding, regions)}; "
    text += f"het slachtoffer is aangetroffen in {found_name}"
    if responsible is not None and responsible != found:
        text += f" en de verantwoordelijke gemeente is {regions.municipality(responsible).name}"
    return text + "."


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


# --- the soft reasons ---------------------------------------------------------------------


def full_text(*, free: int, capacity: int, capacity_min: int, multi_labelled: bool) -> str:
    """Why no bed of a group is available now (``free`` beds, all held when above 0)."""
    if free > 0:
        held = "het vrije bed wordt" if free == 1 else f"de {free} vrije bedden worden"
        return f"Geen bed beschikbaar: {held} vastgehouden voor een lopende verwijzing."
    if multi_labelled and capacity_min < capacity:
        guaranteed = f"{'is' if capacity_min == 1 else 'zijn'} er {capacity_min}"
        return (
            f"Geen bed vrij. Deze plek is meervoudig gelabeld: van de {capacity} bedden "
            f"{guaranteed} gegarandeerd voor slachtoffers van mensenhandel; de andere zijn bezet "
            "door andere doelgroepen."
        )
    if capacity == 1:
        return "Geen bed vrij: het enige bed is bezet."
    return f"Geen bed vrij: alle {capacity} bedden zijn bezet."


# Kept per time with ``fold``: times in one zone compare equal whatever their fold.
@lru_cache(maxsize=8192)  # one per group at most: the same times come back every match
def stale_text(updated: dt.datetime | None, fold: int = 0) -> str:
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


def labels[E: Enum](members: Iterable[E], enum: type[E], names: dict[E, str]) -> list[str]:
    chosen = set(members)
    return [names[m] for m in enum if m in chosen]  # enum order: stable text
