"""Places as the matching sees them: one group of beds with the same admission criteria at one
location (a row of the landscape file), with its live availability.

Admission criteria are the registry's (issue "Foundation", item 5); the registry maps its rows
to ``GroupProfile`` and the synthetic benchmark generator builds them directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

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
class GroupProfile:
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


@dataclass(frozen=True)
class Availability:
    """The live side of the groups of a ``PlaceTable``, one value per group in the table's order:
    beds whose status is "free", beds held for a pending referral, the last confirmation."""

    free: tuple[int, ...]
    held: tuple[int, ...]
    updated_at: tuple[dt.datetime | None, ...]

    @cached_property
    def free_array(self) -> NDArray[np.int64]:
        return np.array(self.free, dtype=np.int64)

    @cached_property
    def held_array(self) -> NDArray[np.int64]:
        return np.array(self.held, dtype=np.int64)

    @classmethod
    def of(cls, groups: Sequence[GroupProfile]) -> Availability:
        """The availability the groups carry themselves."""
        return cls(
            free=tuple(g.free for g in groups),
            held=tuple(g.held for g in groups),
            updated_at=tuple(g.availability_updated_at for g in groups),
        )


class PlaceTable:
    """Many place groups in a fixed order, with the columns that matching reads, indexed once.

    The registry keeps one per registry generation and pairs it with the live ``Availability``
    of each request; ``match_case`` builds one for the groups it is given. Groups share their
    admission criteria (121 distinct sets for 2,100 groups at 100x the registry) and their
    municipality: matching judges each distinct set and measures each distance once, and works
    on the groups as numpy columns.
    """

    def __init__(self, groups: Sequence[GroupProfile], *, criteria_key: CriteriaKeyOf) -> None:
        self.groups = tuple(groups)
        criteria_index: dict[CriteriaKey, int] = {}
        town_index: dict[str, int] = {}
        self.criteria: list[GroupProfile] = []  # one group for each distinct set of criteria
        self.criteria_keys: list[CriteriaKey] = []  # and that set, as ``criteria_key`` gives it
        self.towns: list[str] = []  # distinct municipalities (CBS codes)
        criteria_of, town_of = [], []
        for group in self.groups:
            key = criteria_key(group)
            index = criteria_index.get(key)
            if index is None:
                index = criteria_index[key] = len(self.criteria)
                self.criteria.append(group)
                self.criteria_keys.append(key)
            criteria_of.append(index)
            town = town_index.get(group.municipality)
            if town is None:
                town = town_index[group.municipality] = len(self.towns)
                self.towns.append(group.municipality)
            town_of.append(town)
        self.town_index = town_index
        self.criteria_of: NDArray[np.intp] = np.array(criteria_of, dtype=np.intp)
        self.town_of: NDArray[np.intp] = np.array(town_of, dtype=np.intp)
        self.category_of: NDArray[np.intp] = np.array(
            [CATEGORY_INDEX[g.category] for g in self.groups], dtype=np.intp
        )
        self.multi_labelled: NDArray[np.bool_] = np.array(
            [g.multi_labelled for g in self.groups], dtype=np.bool_
        )
        ids = [g.id for g in self.groups]
        # The position of each id among the ids sorted as Python sorts strings: the last key
        # of the ranking, so that the order never depends on the order of the groups.
        self.id_rank: NDArray[np.intp] = np.zeros(len(ids), dtype=np.intp)
        for rank, i in enumerate(sorted(range(len(ids)), key=ids.__getitem__)):
            self.id_rank[i] = rank
        # The groups with an expected free date (few or none): (position, date).
        self.expected_free_on = tuple(
            (i, g.expected_free_on) for i, g in enumerate(self.groups) if g.expected_free_on
        )

    def __len__(self) -> int:
        return len(self.groups)

    def group(self, i: int, availability: Availability | None) -> GroupProfile:
        """Group ``i`` with ``availability`` (None: as the table holds it)."""
        group = self.groups[i]
        if availability is None:
            return group
        return dataclasses.replace(
            group,
            free=availability.free[i],
            held=availability.held[i],
            availability_updated_at=availability.updated_at[i],
        )


CATEGORY_INDEX: dict[PlaceCategory, int] = {c: i for i, c in enumerate(PlaceCategory)}
CriteriaKey = tuple[Hashable, ...]  # what the hard rules read of a group, one value per rule
CriteriaKeyOf = Callable[[GroupProfile], CriteriaKey]
