"""The per-process caches of the registry, one per registry generation: the region tables
(routing, matching, the overview and monitoring) and the place groups as matching tables.

Matching reads the whole registry for every case: at 100x the national registry (2,100 groups)
reading and converting it cost more than the match itself. What changes rarely (criteria,
locations, regions) is kept per process and built again when the registry generation changes;
availability and holds are read for every match (docs/benchmarks.md, ADR 0009).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import uuid
from collections.abc import Callable, Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any

from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast

from veiligeplek.domain import geography
from veiligeplek.domain.enums import (
    ContraIndication,
    Exploitation,
    Gender,
    Phase,
    PlaceCategory,
    PlacementAuthority,
    RegionBindingKind,
)
from veiligeplek.domain.matching import place_table
from veiligeplek.domain.places import Availability, GroupProfile, PlaceTable, RegionBinding
from veiligeplek.registry.models import (
    CareRegion,
    Municipality,
    Place,
    PlaceGroup,
    RegistryGeneration,
)
from veiligeplek.registry.selectors import care_regions_on

GENERATION_SQL = "SELECT CAST(token AS TEXT) FROM {generation} WHERE id = 1"


def registry_generation() -> uuid.UUID | None:
    """The token that changes with every change to what the caches below hold.

    Database triggers renew it, whichever code makes the change (``RegistryGeneration``).
    None without the row (a flushed test database): then nothing is cached. Plain SQL: every
    match and every routing reads it."""
    sql = GENERATION_SQL.format(generation=RegistryGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return uuid.UUID(row[0]) if row else None


class _PerGeneration[T]:
    """One value per process, built again when the registry generation differs.

    Callers read the generation *before* the data the value is built from: a change committed
    in between then costs one needless rebuild, and never leaves old data under a new token."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._cached: tuple[uuid.UUID, T] | None = None

    def get(self, token: uuid.UUID | None) -> T:
        cached = self._cached
        if token is not None and cached is not None and cached[0] == token:
            return cached[1]
        value = self._build()
        if token is not None:
            self._cached = (token, value)
        return value


REGION_TABLE_DAYS = 8  # dates kept per generation (today, and a few for reproduced decisions)
_region_tables: _PerGeneration[dict[dt.date, geography.RegionTable]] = _PerGeneration(dict)


def region_table_on(day: dt.date) -> geography.RegionTable:
    """The municipalities and care regions valid on ``day``, as the domain needs them.

    Shared per process until the registry changes: the table's mappings are read-only."""
    tables = _region_tables.get(registry_generation())
    table = tables.get(day)
    if table is None:
        if len(tables) >= REGION_TABLE_DAYS:
            tables.clear()
        table = tables[day] = _region_table_on(day)
    return table


def _region_table_on(day: dt.date) -> geography.RegionTable:
    regions = care_regions_on(day)
    code_of = {r.pk: r.code for r in regions}
    membership: dict[str, str] = {
        municipality: code_of[region_id]
        for region_id, municipality in CareRegion.municipalities.through.objects.filter(
            careregion_id__in=list(code_of)
        ).values_list("careregion_id", "municipality_id")
    }
    columns = ("code", "display_name", "police_unit_id", "police_unit__name", "vt_region_code")
    municipalities = {
        code: geography.Municipality(
            code=code,
            name=name,
            police_unit=unit,
            police_unit_name=unit_name,
            care_region=membership.get(code, vt_region),
            lat=lat,
            lon=lon,
        )
        for code, name, unit, unit_name, vt_region, lat, lon in Municipality.objects.values_list(
            *columns, "label_lat", "label_lon"
        )
    }
    return geography.RegionTable(
        municipalities=MappingProxyType(municipalities),
        regions=MappingProxyType(
            {
                r.code: geography.CareRegion(
                    code=r.code, name=r.name, central_municipality=r.central_municipality_id
                )
                for r in regions
            }
        ),
    )


# The criteria lists are read as their JSON text and each distinct text is decoded once.
CRITERIA_LISTS = {
    "genders": Gender,
    "exploitation_served": Exploitation,
    "contra_indications_excluded": ContraIndication,
}
MATCHING_COLUMNS = (
    *("id", "external_id", "category", "placement_authority", "capacity_min", "capacity_max"),
    *("age_min", "age_max", "multi_problem_accepted", "children_allowed", "multi_labelled"),
    *("region_binding_kind", "region_binding_code", "phase", "max_stay_days"),
    "location__name",
    "location__municipality_id",
    "location__organisation__name",
    "location__phone_24_7",
)
REREAD_ALL_ABOVE = 200  # changed groups: above this, read every update time rather than an IN list


class _Tables:
    """The place groups of one registry generation as matching tables (``PlaceTable``): one
    with the 24/7 phones, one without, the groups in the same order in both.

    Availability is read for every match and laid out in that order (``availability``). The
    update times come as the database's text and each distinct text is loaded as a datetime
    once (Django's time-zone loader is slow per row, docs/benchmarks.md; between two matches
    most do not change).
    """

    def __init__(self) -> None:
        as_text = {f"{name}_json": Cast(name, TextField()) for name in CRITERIA_LISTS}
        rows = PlaceGroup.objects.annotate(**as_text).values(*MATCHING_COLUMNS, *as_text)
        rows = list(rows.order_by("id"))
        groups = [to_domain(row, phone=True) for row in rows]
        self.pks = [row["id"] for row in rows]
        self.index = {pk: i for i, pk in enumerate(self.pks)}
        self.tables = {
            True: place_table(groups),
            False: place_table([dataclasses.replace(g, phone=None) for g in groups]),
        }
        self._times: dict[str, dt.datetime | None] = {}
        self._last: tuple[list[tuple[int, str | None, int]], dict[int, int], Availability] | None
        self._last = None

    def availability(
        self, live: list[tuple[int, str | None, int]], holds: Mapping[int, int]
    ) -> Availability:
        """Free beds, holds and update times per group, in the tables' order (``live`` comes
        in that order: by pk); groups created since this generation was read are left out
        (the next match sees them), groups deleted since count as full and never updated.

        The same rows and holds as last time give the same object: most matches follow no
        change."""
        last = self._last
        if last is not None and last[0] == live and last[1] == holds:
            return last[2]
        availability, complete = self._availability(live, holds)
        self._last = (live, dict(holds), availability) if complete else None
        return availability

    def _availability(
        self, live: list[tuple[int, str | None, int]], holds: Mapping[int, int]
    ) -> tuple[Availability, bool]:
        """The availability, and whether each time is the one of its text (not one updated
        again since the live read)."""
        columns = [list(column) for column in zip(*live, strict=True)] or [[], [], []]
        pks, stamps, free = columns
        if pks != self.pks:  # a group created or deleted since this generation was read
            rows = {pk: (stamp, count) for pk, stamp, count in live}
            stamps = [rows.get(pk, (None, 0))[0] for pk in self.pks]
            free = [rows.get(pk, (None, 0))[1] for pk in self.pks]
        held = [0] * len(self.pks)
        for pk, count in holds.items():
            if (i := self.index.get(pk)) is not None:
                held[i] = count
        times = self._times
        if len(times) > 4 * len(self.pks) + REREAD_ALL_ABOVE:
            times.clear()  # times no group has any more pile up: start again
        updated_at = list(map(times.get, stamps))
        # New: what this read did not find (another thread may fill ``times`` meanwhile).
        new = {s for s, u in zip(stamps, updated_at, strict=True) if u is None and s is not None}
        complete = True
        if new:
            changed = [pk for pk, stamp in zip(self.pks, stamps, strict=True) if stamp in new]
            loaded = _updated_at(changed if len(changed) <= REREAD_ALL_ABOVE else None)
            times.update(loaded.values())
            for i, pk in enumerate(self.pks):
                if stamps[i] in new:
                    updated_at[i] = times.get(stamps[i])
                    if updated_at[i] is None:  # updated again since the live read: the newer
                        updated_at[i] = loaded.get(pk, ("", None))[1]
                        complete = False
        availability = Availability(
            free=tuple(free), held=tuple(held), updated_at=tuple(updated_at)
        )
        return availability, complete


_tables: _PerGeneration[_Tables] = _PerGeneration(_Tables)


def place_table_for_matching(
    *, holds: Mapping[int, int] | None = None, with_phone: bool = False
) -> tuple[PlaceTable, Availability]:
    """Every place group as the matching sees it, with its live availability; ``holds`` maps
    group pk -> active holds.

    One query for every call: the registry generation with the free beds and update times of
    every group (``LIVE_SQL``); the table comes from the per-process cache of that generation.
    Without ``with_phone`` the table's groups carry no phone number."""
    generation, live = _live_rows()
    tables = _tables.get(generation)
    return tables.tables[with_phone], tables.availability(live, holds or {})


def place_groups_for_matching(
    *, holds: Mapping[int, int] | None = None, with_phone: bool = False
) -> list[GroupProfile]:
    """``place_table_for_matching`` as a list of place groups, each with its availability."""
    table, availability = place_table_for_matching(holds=holds, with_phone=with_phone)
    return [table.group(i, availability) for i in range(len(table))]


# One round trip, no ORM: it runs for every match. The first row (id -1) is the registry
# generation, read in the same statement, so from the same snapshot, as the live rows; a table
# built after it is never older than it (``_PerGeneration``). The live rows come by pk, as the
# tables hold the groups (``_Tables.availability`` is faster so, but does not need it);
# on PostgreSQL from the index-only scans of ``group_live_availability`` and
# ``place_free_per_group``, merged without sorting. The update time as text only tells whether
# it changed (the database's text; see ``_Tables``).
LIVE_SQL = """
SELECT -1, CAST(token AS TEXT), 0 FROM {generation} WHERE id = 1
UNION ALL
SELECT * FROM (
    SELECT g.id, CAST(g.availability_updated_at AS TEXT), COALESCE(f.n, 0)
    FROM {groups} g LEFT JOIN (
        SELECT group_id, COUNT(*) AS n FROM {places} WHERE status = %s GROUP BY group_id
    ) f ON f.group_id = g.id
    ORDER BY g.id
) live
"""


def _live_rows() -> tuple[uuid.UUID | None, list[tuple[int, str | None, int]]]:
    """The registry generation, and (group pk, update time as text, beds free) for every place
    group, by pk."""
    sql = LIVE_SQL.format(
        generation=RegistryGeneration._meta.db_table,
        groups=PlaceGroup._meta.db_table,
        places=Place._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Place.Status.FREE.value])
        rows: list[tuple[int, str | None, int]] = cursor.fetchall()
    return _generation_apart(rows)


def _generation_apart(
    rows: list[tuple[int, str | None, int]],
) -> tuple[uuid.UUID | None, list[tuple[int, str | None, int]]]:
    """The generation row of ``LIVE_SQL`` (id -1) apart from the groups' rows."""
    if rows and rows[0][0] == -1:  # as a rule: UNION ALL keeps the order of its parts
        return uuid.UUID(rows[0][1]), rows[1:]
    for i, (pk, token, _) in enumerate(rows):  # but SQL does not promise it
        if pk == -1:
            return uuid.UUID(token), rows[:i] + rows[i + 1 :]
    return None, rows


def _updated_at(pks: list[int] | None) -> dict[int, tuple[str, dt.datetime | None]]:
    """Group pk -> the time of its last availability update, as the database's text (as
    ``LIVE_SQL`` reads it) and as a datetime, read together; for ``pks`` (None: every group),
    those with a time."""
    rows = PlaceGroup.objects.order_by().filter(availability_updated_at__isnull=False)
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    stamped = rows.annotate(stamp=Cast("availability_updated_at", TextField()))
    return {
        pk: (stamp, time)
        for pk, stamp, time in stamped.values_list("id", "stamp", "availability_updated_at")
    }


def to_domain(
    row: Mapping[str, Any], *, free: int = 0, held: int = 0, phone: bool = False
) -> GroupProfile:
    """A row of ``place_groups_for_matching`` as the domain's place group."""
    binding = None
    if row["region_binding_kind"]:
        binding = RegionBinding(
            kind=RegionBindingKind(row["region_binding_kind"]), code=row["region_binding_code"]
        )
    return GroupProfile(
        id=row["external_id"],
        organisation=row["location__organisation__name"],
        location_name=row["location__name"],
        municipality=row["location__municipality_id"],
        category=PlaceCategory(row["category"]),
        placement_authority=PlacementAuthority(row["placement_authority"]),
        capacity=row["capacity_max"],
        capacity_min=row["capacity_min"],
        genders=_members(Gender, row["genders_json"]),
        age_min=row["age_min"],
        age_max=row["age_max"],
        exploitation_served=_members(Exploitation, row["exploitation_served_json"]),
        contra_indications_excluded=_members(
            ContraIndication, row["contra_indications_excluded_json"]
        ),
        multi_problem_accepted=row["multi_problem_accepted"],
        children_allowed=row["children_allowed"],
        region_binding=binding,
        phase=Phase(row["phase"]) if row["phase"] else None,
        max_stay_days=row["max_stay_days"],
        multi_labelled=row["multi_labelled"],
        free=free,
        held=held,
        availability_updated_at=row.get("availability_updated_at"),
        phone=row["location__phone_24_7"] if phone else None,
    )


def _members[E: (Gender, Exploitation, ContraIndication)](
    enum: type[E], json_text: str
) -> frozenset[E]:
    return _decoded_members(enum, json_text)


@functools.cache
def _decoded_members(enum: type[Enum], json_text: str) -> frozenset[Any]:
    """A JSON list of enum values as a set; criteria repeat, so the cache stays small."""
    return frozenset(enum(v) for v in json.loads(json_text))
