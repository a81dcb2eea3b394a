"""The national real-time overview of places: per category, per region, per location, and gaps.

It must reproduce the report's figures (ch. 5 and annex 2): COSM 51, OMM 31, Wmo 38–42, NLA 20,
men's shelter 18, in all 158–162 (the report rounds to 160). "Free now" counts beds whose status
is free at groups with current availability; free beds at groups whose availability is older than
the freshness window are counted apart as uncertain, because the report's complaint is exactly
that places look free but are not.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from veiligeplek.accounts.models import User
from veiligeplek.domain.enums import CATEGORY_LABELS_NL, PlaceCategory, RegionBindingKind
from veiligeplek.registry import matching_cache, selectors
from veiligeplek.registry.models import CareRegion, Municipality, PlaceGroup, PoliceUnit

CATEGORY_COLOURS = {
    PlaceCategory.COSM: "#1f5fb4",
    PlaceCategory.OMM: "#8b2fa0",
    PlaceCategory.WMO: "#0a7d32",
    PlaceCategory.NLA: "#c25400",
    PlaceCategory.MANNENOPVANG: "#00838f",
    PlaceCategory.CRISIS: "#b00020",
}


@dataclass(frozen=True)
class Filters:
    categories: frozenset[str] = frozenset()
    region: str = ""
    only_free: bool = False

    def admits(self, row: GroupRow) -> bool:
        if self.categories and row.category not in self.categories:
            return False
        if self.region and row.region_code != self.region:
            return False
        return not (self.only_free and row.free_now == 0)


@dataclass(frozen=True)
class GroupRow:
    pk: int
    external_id: str
    organisation: str
    location_id: int
    location: str
    municipality_code: str
    municipality: str
    region_code: str
    region: str
    category: str
    category_label: str
    capacity_min: int
    capacity_max: int
    beds_free: int
    beds_occupied: int
    beds_other: int
    beds_out: int
    updated_at: dt.datetime | None
    stale: bool
    multi_labelled: bool
    region_binding: str

    @property
    def free_now(self) -> int:
        return 0 if self.stale else self.beds_free

    @property
    def capacity_label(self) -> str:
        if self.capacity_min == self.capacity_max:
            return str(self.capacity_max)
        return f"{self.capacity_min}–{self.capacity_max}"


@dataclass
class Totals:
    capacity_min: int = 0
    capacity_max: int = 0
    free_now: int = 0
    free_stale: int = 0
    groups: int = 0
    stale_groups: int = 0
    locations: set[int] = field(default_factory=set)

    def add(self, row: GroupRow) -> None:
        self.capacity_min += row.capacity_min
        self.capacity_max += row.capacity_max
        self.free_now += row.free_now
        self.free_stale += row.beds_free if row.stale else 0
        self.groups += 1
        self.stale_groups += int(row.stale)
        self.locations.add(row.location_id)

    @property
    def capacity_label(self) -> str:
        if self.capacity_min == self.capacity_max:
            return str(self.capacity_max)
        return f"{self.capacity_min}–{self.capacity_max}"


@dataclass(frozen=True)
class CategoryTotal:
    category: str
    label: str
    colour: str
    totals: Totals


@dataclass(frozen=True)
class RegionTotal:
    code: str
    name: str
    central_municipality: str
    totals: Totals


@dataclass(frozen=True)
class NationalOverview:
    generated_at: dt.datetime
    stale_before: dt.datetime
    categories: list[CategoryTotal]
    total: Totals
    regions: list[RegionTotal]
    regions_without_places: list[RegionTotal]
    rows: list[GroupRow]


def group_rows(*, now: dt.datetime) -> list[GroupRow]:
    regions = {r.code: r for r in selectors.care_regions_on(timezone.localdate(now))}
    table = matching_cache.region_table_on(timezone.localdate(now))
    threshold = selectors.stale_before(now)
    rows = []
    for group in selectors.place_groups_annotated():
        location = group.location
        region_code = table.municipality(location.municipality_id).care_region
        region = regions.get(region_code)
        rows.append(_row(group, region_code, region.name if region else "", threshold))
    return rows


def _row(group: PlaceGroup, region_code: str, region_name: str, threshold: dt.datetime) -> GroupRow:
    location = group.location
    binding = (
        binding_label(group.region_binding_kind, group.region_binding_code)
        if group.region_binding_kind
        else ""
    )
    return GroupRow(
        pk=group.pk,
        external_id=group.external_id,
        organisation=location.organisation.name,
        location_id=location.pk,
        location=location.name,
        municipality_code=location.municipality_id,
        municipality=location.municipality.display_name,
        region_code=region_code,
        region=region_name,
        category=group.category,
        category_label=CATEGORY_LABELS_NL[PlaceCategory(group.category)],
        capacity_min=group.capacity_min,
        capacity_max=group.capacity_max,
        beds_free=group.beds_free,  # type: ignore[attr-defined]
        beds_occupied=group.beds_occupied,  # type: ignore[attr-defined]
        beds_other=group.beds_other,  # type: ignore[attr-defined]
        beds_out=group.beds_out,  # type: ignore[attr-defined]
        updated_at=group.availability_updated_at,
        stale=group.availability_updated_at is None or group.availability_updated_at < threshold,
        multi_labelled=group.multi_labelled,
        region_binding=binding,
    )


def care_region_name(code: str) -> str:
    """The name of a care region ("VT01" → "Amsterdam-Amstelland"), its code if unknown."""
    names = CareRegion.objects.filter(code=code).order_by("-valid_from")
    return names.values_list("name", flat=True).first() or code


def binding_label(kind: str, code: str) -> str:
    """A region binding as a reader names it: "politie-eenheid Rotterdam (RE06)", never the
    internal kind and a bare code."""
    if kind == RegionBindingKind.MUNICIPALITY:
        town = Municipality.objects.filter(code=code).values_list("display_name", flat=True)
        return _("gemeente %(name)s (%(code)s)") % {"name": town.first() or "?", "code": code}
    if kind == RegionBindingKind.POLICE_UNIT:
        unit = PoliceUnit.objects.filter(code=code).values_list("name", flat=True)
        return _("politie-eenheid %(name)s (%(code)s)") % {
            "name": unit.first() or "?",
            "code": code,
        }
    return _("zorgregio %(name)s (%(code)s)") % {"name": care_region_name(code), "code": code}


def national_overview(*, now: dt.datetime, filters: Filters | None = None) -> NationalOverview:
    filters = filters or Filters()
    all_rows = group_rows(now=now)
    by_category: dict[str, Totals] = defaultdict(Totals)
    total = Totals()
    for row in all_rows:
        by_category[row.category].add(row)
        total.add(row)
    categories = [
        CategoryTotal(c.value, CATEGORY_LABELS_NL[c], CATEGORY_COLOURS[c], by_category[c.value])
        for c in PlaceCategory
        if c.value in by_category
    ]
    rows = [row for row in all_rows if filters.admits(row)]
    regions = _region_totals(rows, now=now)
    return NationalOverview(
        generated_at=now,
        stale_before=selectors.stale_before(now),
        categories=categories,
        total=total,
        regions=[r for r in regions if r.totals.groups],
        regions_without_places=[
            r for r in _region_totals(all_rows, now=now) if not r.totals.groups
        ],
        rows=rows,
    )


def _region_totals(rows: list[GroupRow], *, now: dt.datetime) -> list[RegionTotal]:
    table = matching_cache.region_table_on(timezone.localdate(now))
    totals: dict[str, Totals] = defaultdict(Totals)
    for row in rows:
        totals[row.region_code].add(row)
    return [
        RegionTotal(
            code=region.code,
            name=region.name,
            central_municipality=table.municipality(region.central_municipality).name,
            totals=totals[region.code],
        )
        for region in sorted(table.regions.values(), key=lambda r: r.name)
    ]


@dataclass(frozen=True)
class StaffLocation:
    pk: int
    name: str
    municipality: str
    groups: list[GroupRow]

    @property
    def stale(self) -> bool:
        return any(g.stale for g in self.groups)

    @property
    def beds_free(self) -> int:
        return sum(g.beds_free for g in self.groups)


def staff_location_summaries(user: User, *, now: dt.datetime) -> list[StaffLocation]:
    own = set(selectors.locations_for_staff(user).values_list("pk", flat=True))
    rows = [row for row in group_rows(now=now) if row.location_id in own]
    result: dict[int, StaffLocation] = {}
    for row in rows:
        entry = result.setdefault(
            row.location_id, StaffLocation(row.location_id, row.location, row.municipality, [])
        )
        entry.groups.append(row)
    return sorted(result.values(), key=lambda s: s.name)
