"""Places as the matching sees them: one group of beds with the same admission criteria at one
location (a row of the landscape file), with its live availability.

Admission criteria are the registry's (issue "Foundation", item 5); the registry maps its rows
to ``PlaceGroup`` and the synthetic benchmark generator builds them directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from veiligeplek.domain.enums import (
    ContraIndication,
    Exploitation,
    Gender,
    Phase,
    PlaceCategory,
    PlacementAuthority,
    RegionBindingKind,
)


@dataclass(frozen=True)
class RegionBinding:
    """A place only for victims from one municipality, police unit or care region."""

    kind: RegionBindingKind
    code: str  # GM0599, RE07 or VT18


@dataclass(frozen=True)
class PlaceGroup:
    id: str
    organisation: str
    location_name: str
    municipality: str  # CBS code of the location
    category: PlaceCategory
    placement_authority: PlacementAuthority
    capacity: int  # beds (the maximum capacity)
    capacity_min: int  # guaranteed beds; the rest of a multi-labelled group may be taken
    genders: frozenset[Gender] = frozenset()  # empty: any gender
    age_min: int | None = 18
    age_max: int | None = None
    exploitation_served: frozenset[Exploitation] = frozenset(Exploitation)
    contra_indications_excluded: frozenset[ContraIndication] = frozenset()
    multi_problem_accepted: bool = False
    children_allowed: bool = False
    region_binding: RegionBinding | None = None
    phase: Phase | None = None
    max_stay_days: int | None = None
    multi_labelled: bool = False
    # Live availability (beds whose status is "free", minus active holds).
    free: int = 0
    held: int = 0
    availability_updated_at: dt.datetime | None = None
    expected_free_on: dt.date | None = None
    phone: str | None = field(default=None, compare=False)  # 24/7 phone, only for roles that may

    @property
    def available(self) -> int:
        return max(0, self.free - self.held)
