"""Synthetic shelter landscapes and case mixes for the benchmarks, at 1x and 100x the Netherlands.

1x is the real registry: the report's 2025 landscape (21 groups, 162 beds at 13 locations).
Nx keeps the real landscape as copy 0 and adds N-1 copies of every real *location* with all its
groups (so the mix of categories, genders, contra-indications, multi-labelling and region
bindings is the real one, scaled), each copy moved to a municipality drawn uniformly from the
342 real municipalities; a region binding moves with it (to the new municipality, its police
unit or its care region). The two big city shelters (4 and 7 groups) are copied as two
locations each. At 100x: 2,100 groups, 16,200 beds, 1,298 locations.

Availability is drawn per bed as in the demo data: about a quarter free, multi-labelled beds
beyond the guaranteed ones taken by other target groups, and the last confirmation between 0
and 30 hours ago (so about one in six groups is stale).

Cases follow a mix like the report's people: mostly women exploited sexually, some labour
exploitation (mostly men), some men exploited sexually, minors, criminal exploitation (a
national gap), contra-indications and multiple problems, children, a high safety risk, and a
spread of nationalities with and without a residence permit.

    python bench/landscape.py --scale 100 --out var/landscape_100x.csv   # importable file
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veiligeplek.data.landscape import LandscapeRow, shipped_landscape, write_csv
from veiligeplek.data.reference import MunicipalityRow, municipality_rows
from veiligeplek.domain.enums import RegionBindingKind
from veiligeplek.domain.places import GroupProfile, RegionBinding

SEED = 2025
FREE_SHARE = 0.24  # share of a group's beds that is free (demo data: 24 %)
MAX_HOURS_SINCE_UPDATE = 30  # availability confirmed 0..30 h ago: stale after 24 h
SPLIT_ABOVE = 3  # groups per location


# --- the landscape ----------------------------------------------------------------------------


def synthetic_rows(scale: int, *, seed: int = SEED) -> list[LandscapeRow]:
    """The real landscape (copy 0) plus ``scale - 1`` relocated copies of every location."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    real = shipped_landscape()
    rng = random.Random(seed)
    municipalities = sorted(municipality_rows(), key=lambda m: m.code)
    rows = list(real)
    for copy in range(1, scale):
        for number, members in enumerate(synthetic_locations(real)):
            to = rng.choice(municipalities)
            rows += [_relocated(row, f"{copy:03d}-{number:02d}", to) for row in members]
    return rows


def synthetic_locations(real: Sequence[LandscapeRow]) -> list[list[LandscapeRow]]:
    """The groups of each real location; a location with more than ``SPLIT_ABOVE`` groups (the
    big city shelters) becomes two, so that 100x has about 1,300 locations (13 per copy)."""
    by_location: dict[tuple[str, str], list[LandscapeRow]] = {}
    for row in real:
        by_location.setdefault((row.organisation, row.municipality_label), []).append(row)
    locations = []
    for members in by_location.values():
        if len(members) > SPLIT_ABOVE:
            half = (len(members) + 1) // 2
            locations += [members[:half], members[half:]]
        else:
            locations.append(members)
    return locations


def _relocated(row: LandscapeRow, tag: str, to: MunicipalityRow) -> LandscapeRow:
    return dataclasses.replace(
        row,
        id=f"{row.id}-s{tag}",
        organisation=f"{row.organisation} (synthetisch {tag})",
        municipality_label=to.display_name,
        municipality_code=to.code,
        region_binding=_rebound(row.region_binding, to),
        notes_nl="Synthetische kopie voor benchmarks",
    )


def _rebound(binding: RegionBinding | None, to: MunicipalityRow) -> RegionBinding | None:
    if binding is None:
        return None
    code = {
        RegionBindingKind.MUNICIPALITY: to.code,
        RegionBindingKind.POLICE_UNIT: to.police_unit_code,
        RegionBindingKind.CARE_REGION: to.vt_region_code,
    }[binding.kind]
    return RegionBinding(kind=binding.kind, code=code)


@dataclass(frozen=True)
class Availability:
    """Per group: beds free, beds taken by other target groups, hours since the last update."""

    free: int
    other_target_group: int
    hours_ago: float


def availability_plan(rows: Sequence[LandscapeRow], *, seed: int = SEED) -> dict[str, Availability]:
    rng = random.Random(seed + 1)
    plan = {}
    for row in rows:
        shared = row.places_max - row.places_min if row.multi_labelled else 0
        own = row.places_max - shared
        plan[row.id] = Availability(
            free=sum(rng.random() < FREE_SHARE for _ in range(own)),
            other_target_group=shared,
            hours_ago=rng.uniform(0, MAX_HOURS_SINCE_UPDATE),
        )
    return plan


def place_groups(
    rows: Sequence[LandscapeRow], plan: dict[str, Availability], *, now: dt.datetime
) -> list[GroupProfile]:
    """The domain view of the rows with their planned availability (no database)."""
    return [
        dataclasses.replace(
            row.to_place_group(free=plan[row.id].free),
            availability_updated_at=now - dt.timedelta(hours=plan[row.id].hours_ago),
        )
        for row in rows
    ]


# --- the cases --------------------------------------------------------------------------------

# (weight, gender, exploitation, age range)
PROFILES: tuple[tuple[float, str, str, tuple[int, int]], ...] = (
    (0.50, "female", "sexual", (18, 45)),
    (0.15, "male", "labour", (20, 60)),
    (0.05, "female", "labour", (20, 55)),
    (0.07, "male", "sexual", (18, 40)),
    (0.08, "female", "sexual", (14, 17)),  # minors
    (0.07, "male", "criminal", (16, 30)),
    (0.05, "female", "forced_marriage", (18, 35)),
    (0.03, "other", "sexual", (18, 40)),
)
# (weight, ISO 3166 code or None for unknown, languages)
NATIONALITIES: tuple[tuple[float, str | None, tuple[str, ...]], ...] = (
    (0.30, "NL", ("nl",)),
    (0.10, "RO", ("ro",)),
    (0.07, "BG", ("bg",)),
    (0.07, "PL", ("pl",)),
    (0.03, "HU", ("hu",)),
    (0.10, "NG", ("en",)),
    (0.05, "CO", ("es",)),
    (0.05, "UA", ("uk", "ru")),
    (0.05, "VN", ("vi",)),
    (0.04, "CN", ("zh",)),
    (0.04, "MA", ("ar", "fr")),
    (0.03, "ER", ("ti",)),
    (0.07, None, ("en",)),
)
EU = frozenset({"NL", "RO", "BG", "PL", "HU"})
CITIES = ("GM0363", "GM0599", "GM0518", "GM0344", "GM0772", "GM0855", "GM0014", "GM0080")


def case_mix(n: int, *, seed: int = SEED, today: dt.date) -> list[dict[str, Any]]:
    """``n`` case-facts objects (the contract's JSON) drawn from the mix above."""
    rng = random.Random(seed + 2)
    codes = sorted(m.code for m in municipality_rows())
    return [_case(rng, codes, today) for _ in range(n)]


def _case(rng: random.Random, codes: Sequence[str], today: dt.date) -> dict[str, Any]:
    _, gender, exploitation, (young, old) = _pick(rng, PROFILES)
    _, nationality, languages = _pick(rng, NATIONALITIES)
    found = rng.choice(CITIES) if rng.random() < 0.5 else rng.choice(codes)
    dutch = nationality == "NL"
    troubled = rng.random() < 0.15
    return {
        "gender": gender,
        "age": rng.randint(young, old),
        "nationality": nationality,
        "legal_residence": None,
        "residence_permit": _permit(rng, nationality),
        "dublin_indication": nationality not in EU and rng.random() < 0.05,
        "registered_municipality": (found if rng.random() < 0.5 else rng.choice(codes))
        if dutch and rng.random() < 0.8
        else None,
        "found_municipality": found,
        "exploitation": [exploitation] + (["labour"] if rng.random() < 0.05 else []),
        "contra_indications": _contra_indications(rng) if troubled else [],
        "multi_problem": troubled and rng.random() < 0.6,
        "children": rng.choice((1, 1, 2)) if gender == "female" and rng.random() < 0.05 else 0,
        "languages": list(languages),
        "safety_risk": "high" if rng.random() < 0.25 else "normal",
        "identified_on": (today - dt.timedelta(days=rng.randint(0, 30))).isoformat(),
        "report_filed": rng.random() < 0.4,
        "cannot_report": rng.random() < 0.05,
    }


def _pick[T: tuple[Any, ...]](rng: random.Random, table: Sequence[T]) -> T:
    return rng.choices(table, weights=[row[0] for row in table])[0]


def _permit(rng: random.Random, nationality: str | None) -> str | None:
    if nationality in EU:
        return None
    roll = rng.random()
    return "none" if roll < 0.7 else "b8" if roll < 0.9 else None


def _contra_indications(rng: random.Random) -> list[str]:
    chosen = [c for c in ("addiction", "psychiatric", "lvb") if rng.random() < 0.4]
    return chosen or ["addiction"]


# --- as a file --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Schrijf een synthetisch opvanglandschap (CSV).")
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    rows = synthetic_rows(args.scale, seed=args.seed)
    names = {m.police_unit_code: m.police_unit_name for m in municipality_rows()}
    args.out.write_text(write_csv(rows, names), encoding="utf-8")
    beds = sum(r.places_max for r in rows)
    locations = len({(r.organisation, r.municipality_label) for r in rows})
    print(f"{args.out}: {len(rows)} groepen, {beds} bedden, {locations} locaties")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
