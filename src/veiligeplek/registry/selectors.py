"""Reads of the registry for views, the API, matching and the overview."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from enum import Enum
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import Http404

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.data.landscape import LandscapeRow
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
from veiligeplek.domain.places import PlaceGroup as DomainPlaceGroup
from veiligeplek.domain.places import RegionBinding
from veiligeplek.registry.models import (
    CareRegion,
    Location,
    Municipality,
    Place,
    PlaceGroup,
    PoliceUnit,
)


def municipality_codes() -> frozenset[str]:
    return frozenset(Municipality.objects.values_list("code", flat=True))


def care_regions_on(day: dt.date) -> list[CareRegion]:
    """The version of each care region valid on ``day`` (latest ``valid_from`` not after it)."""
    latest: dict[str, CareRegion] = {}
    for region in CareRegion.objects.filter(valid_from__lte=day).order_by("code", "-valid_from"):
        latest.setdefault(region.code, region)
    return list(latest.values())


def region_table_on(day: dt.date) -> geography.RegionTable:
    """The municipalities and care regions valid on ``day``, as the domain needs them."""
    regions = care_regions_on(day)
    code_of = {r.pk: r.code for r in regions}
    membership: dict[str, str] = {
        municipality: code_of[region_id]
        for region_id, municipality in CareRegion.municipalities.through.objects.filter(
            careregion_id__in=list(code_of)
        ).values_list("careregion_id", "municipality_id")
    }
    # Plain rows, not model instances: this runs for every routing decision and every match.
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
        municipalities=municipalities,
        regions={
            r.code: geography.CareRegion(
                code=r.code, name=r.name, central_municipality=r.central_municipality_id
            )
            for r in regions
        },
    )


def stale_before(now: dt.datetime) -> dt.datetime:
    stale_after: dt.timedelta = settings.AVAILABILITY_STALE_AFTER
    return now - stale_after


def place_groups_annotated() -> QuerySet[PlaceGroup]:
    """Place groups with their bed counts per status."""
    status = Place.Status
    return PlaceGroup.objects.select_related(
        "location__organisation", "location__municipality"
    ).annotate(
        beds=Count("places"),
        beds_free=Count("places", filter=Q(places__status=status.FREE)),
        beds_occupied=Count("places", filter=Q(places__status=status.OCCUPIED)),
        beds_other=Count("places", filter=Q(places__status=status.OTHER_TARGET_GROUP)),
        beds_out=Count("places", filter=Q(places__status=status.OUT_OF_SERVICE)),
    )


# Matching reads every group for every case. At 100x the national registry (2,100 groups) model
# instances and per-row JSON decoding cost more than the query: plain rows, criteria lists as
# their JSON text, each distinct text decoded once per process (docs/benchmarks.md).
CRITERIA_LISTS = {
    "genders": Gender,
    "exploitation_served": Exploitation,
    "contra_indications_excluded": ContraIndication,
}
MATCHING_COLUMNS = (
    *("id", "external_id", "category", "placement_authority", "capacity_min", "capacity_max"),
    *("age_min", "age_max", "multi_problem_accepted", "children_allowed", "multi_labelled"),
    *("region_binding_kind", "region_binding_code", "phase", "max_stay_days"),
    "availability_updated_at",
    "location__name",
    "location__municipality_id",
    "location__organisation__name",
    "location__phone_24_7",
)


def place_groups_for_matching(
    *, holds: Mapping[int, int] | None = None, with_phone: bool = False
) -> list[DomainPlaceGroup]:
    """Every place group as the matching sees it; ``holds`` maps group pk -> active holds.

    Two queries: beds free per group, and the groups with their location as plain rows, in no
    particular order (matching sorts)."""
    holds = holds or {}
    free = dict(
        Place.objects.filter(status=Place.Status.FREE)
        .values("group_id")
        .annotate(n=Count("id"))
        .values_list("group_id", "n")
    )
    as_text = {f"{name}_json": Cast(name, TextField()) for name in CRITERIA_LISTS}
    rows = PlaceGroup.objects.annotate(**as_text).values(*MATCHING_COLUMNS, *as_text).order_by()
    return [
        to_domain(row, free=free.get(row["id"], 0), held=holds.get(row["id"], 0), phone=with_phone)
        for row in rows
    ]


def to_domain(
    row: Mapping[str, Any], *, free: int = 0, held: int = 0, phone: bool = False
) -> DomainPlaceGroup:
    """A row of ``place_groups_for_matching`` as the domain's place group."""
    binding = None
    if row["region_binding_kind"]:
        binding = RegionBinding(
            kind=RegionBindingKind(row["region_binding_kind"]), code=row["region_binding_code"]
        )
    return DomainPlaceGroup(
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
        availability_updated_at=row["availability_updated_at"],
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


def locations_for_staff(user: User) -> QuerySet[Location]:
    """The locations whose availability this user keeps: shelter staff of the organisation."""
    if not user.has_role(Role.SHELTER_STAFF) or user.organisation_id is None:
        return Location.objects.none()
    return Location.objects.filter(organisation_id=user.organisation_id).select_related(
        "municipality", "organisation"
    )


def location_get_for_staff(user: User, location_id: int) -> Location:
    """A location of the user's own organisation; any other answers 404 like a missing one."""
    try:
        return locations_for_staff(user).get(pk=location_id)
    except Location.DoesNotExist:
        raise Http404 from None


def place_get_for_staff(user: User, place_id: int) -> Place:
    location_ids = locations_for_staff(user).values("pk")
    try:
        return Place.objects.select_related("group__location").get(
            pk=place_id, group__location_id__in=location_ids
        )
    except Place.DoesNotExist:
        raise Http404 from None


def group_get_for_staff(user: User, group_id: int) -> PlaceGroup:
    location_ids = locations_for_staff(user).values("pk")
    try:
        return PlaceGroup.objects.select_related("location").get(
            pk=group_id, location_id__in=location_ids
        )
    except PlaceGroup.DoesNotExist:
        raise Http404 from None


def landscape_rows() -> list[LandscapeRow]:
    """The registry's place groups in the landscape file's format (for export)."""
    rows = []
    for group in PlaceGroup.objects.select_related("location__organisation").order_by("pk"):
        location = group.location
        binding = None
        if group.region_binding_kind:
            binding = RegionBinding(
                kind=RegionBindingKind(group.region_binding_kind), code=group.region_binding_code
            )
        rows.append(
            LandscapeRow(
                id=group.external_id,
                organisation=location.organisation.name,
                municipality_label=location.municipality_label,
                municipality_code=location.municipality_id,
                location_assumed=group.location_assumed,
                category=PlaceCategory(group.category),
                places_min=group.capacity_min,
                places_max=group.capacity_max,
                genders=frozenset(Gender(g) for g in group.genders),
                phase=Phase(group.phase) if group.phase else None,
                region_binding=binding,
                placement_authority=PlacementAuthority(group.placement_authority),
                multi_labelled=group.multi_labelled,
                max_stay_days=group.max_stay_days,
                children_allowed=group.children_allowed,
                age_min=group.age_min,
                age_max=group.age_max,
                exploitation_served=frozenset(Exploitation(e) for e in group.exploitation_served),
                contra_indications_excluded=frozenset(
                    ContraIndication(c) for c in group.contra_indications_excluded
                ),
                multi_problem_accepted=group.multi_problem_accepted,
                criteria_source=group.criteria_source,
                notes_nl=group.notes_nl,
            )
        )
    return rows


def police_unit_names() -> dict[str, str]:
    return dict(PoliceUnit.objects.values_list("code", "name"))
