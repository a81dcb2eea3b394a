"""The registry's door for the monitoring: the places, their locations and their history as
plain rows (no street address, no phone number)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from veiligeplek.registry.models import AvailabilityChange, Place, PlaceGroup


@dataclass(frozen=True)
class GroupInfo:
    external_id: str
    category: str
    location_id: int
    location_name: str
    organisation: str
    municipality: str
    multi_labelled: bool
    beds: int
    availability_updated_at: dt.datetime | None


def groups() -> list[GroupInfo]:
    beds: dict[int, int] = {}
    for group_id in Place.objects.values_list("group_id", flat=True):
        beds[group_id] = beds.get(group_id, 0) + 1
    rows = PlaceGroup.objects.order_by("category", "external_id").values_list(
        "pk",
        "external_id",
        "category",
        "location_id",
        "location__name",
        "location__organisation__name",
        "location__municipality_id",
        "multi_labelled",
        "availability_updated_at",
    )
    return [
        GroupInfo(ext, cat, loc, name, org, muni, multi, beds.get(pk, 0), updated)
        for pk, ext, cat, loc, name, org, muni, multi, updated in rows
    ]


@dataclass(frozen=True)
class BedChange:
    place_id: int
    group_external_id: str
    to_status: str
    changed_at: dt.datetime


def bed_changes_until(end: dt.datetime) -> Iterator[BedChange]:
    """Every status change of a bed that still exists, before ``end``, oldest first."""
    rows = (
        AvailabilityChange.objects.filter(changed_at__lt=end, place__isnull=False)
        .exclude(to_status="")
        .order_by("changed_at", "id")
        .values_list("place_id", "group__external_id", "to_status", "changed_at")
    )
    for place_id, group, status, at in rows.iterator(chunk_size=5000):
        yield BedChange(place_id, group, status, at)


def bed_groups() -> dict[int, str]:
    """Each bed's place group (external id)."""
    return dict(Place.objects.values_list("pk", "group__external_id"))
