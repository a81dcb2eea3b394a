"""Writes to the registry. Keyword-only, typed, atomic; every availability change is attributed.

Availability is not personal data: its history (who changed which bed, when) is kept in
``AvailabilityChange`` rather than in the audit log of case data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligeplek.accounts.models import User
from veiligeplek.data.landscape import Geography, LandscapeRow
from veiligeplek.registry import selectors
from veiligeplek.registry.models import (
    AvailabilityChange,
    CareRegion,
    Location,
    Municipality,
    Organisation,
    Place,
    PlaceGroup,
    PoliceUnit,
)


class RegistryError(ValueError):
    """A refused change, with the field it concerns and a Dutch message for the user."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def registry_geography() -> Geography:
    """What the landscape parser needs to know, from the database's reference data."""
    police = dict(PoliceUnit.objects.values_list("name", "code"))
    police |= {code: code for code in police.values()}
    return Geography(
        municipalities=selectors.municipality_codes(),
        police_units=police,
        care_regions=frozenset(CareRegion.objects.values_list("code", flat=True).distinct()),
    )


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    beds_added: int = 0
    beds_removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.beds_added or self.beds_removed)


@transaction.atomic
def landscape_import(*, acting_user: User | None, rows: Sequence[LandscapeRow]) -> ImportSummary:
    """Upsert organisations, locations, place groups and beds from validated landscape rows.

    All or nothing: the rows were validated as a whole before, and any refusal here (a group
    that would shrink below its occupied beds) rolls the whole import back. Groups not in the
    file are left as they are. Re-importing the same file changes nothing.
    """
    summary = ImportSummary()
    now = timezone.now()
    for row in rows:
        location = _location_for(row)
        group, outcome = _upsert_group(row, location)
        getattr(summary, outcome).append(row.id)
        added, removed = _resize_beds(group, row.places_max, acting_user=acting_user, now=now)
        summary.beds_added += added
        summary.beds_removed += removed
    return summary


def _location_for(row: LandscapeRow) -> Location:
    organisation, _created = Organisation.objects.get_or_create(
        name=row.organisation, defaults={"kind": Organisation.Kind.SHELTER}
    )
    location, created = Location.objects.get_or_create(
        organisation=organisation,
        name=f"{row.organisation}, {row.municipality_label}",
        defaults={
            "municipality_id": row.municipality_code,
            "municipality_label": row.municipality_label,
        },
    )
    if not created and location.municipality_id != row.municipality_code:
        location.municipality_id = row.municipality_code
        location.save(update_fields=["municipality"])
    return location


def _group_values(row: LandscapeRow, location: Location) -> dict[str, object]:
    binding = row.region_binding
    return {
        "location_id": location.pk,
        "category": row.category.value,
        "placement_authority": row.placement_authority.value,
        "capacity_min": row.places_min,
        "capacity_max": row.places_max,
        "genders": sorted(g.value for g in row.genders),
        "age_min": row.age_min,
        "age_max": row.age_max,
        "exploitation_served": sorted(e.value for e in row.exploitation_served),
        "contra_indications_excluded": sorted(c.value for c in row.contra_indications_excluded),
        "multi_problem_accepted": row.multi_problem_accepted,
        "children_allowed": row.children_allowed,
        "region_binding_kind": binding.kind.value if binding else "",
        "region_binding_code": binding.code if binding else "",
        "phase": row.phase.value if row.phase else "",
        "max_stay_days": row.max_stay_days,
        "multi_labelled": row.multi_labelled,
        "criteria_source": row.criteria_source,
        "location_assumed": row.location_assumed,
        "notes_nl": row.notes_nl,
    }


def _upsert_group(row: LandscapeRow, location: Location) -> tuple[PlaceGroup, str]:
    values = _group_values(row, location)
    group = PlaceGroup.objects.filter(external_id=row.id).first()
    if group is None:
        return PlaceGroup.objects.create(external_id=row.id, **values), "created"
    changed = [name for name, value in values.items() if getattr(group, name) != value]
    if not changed:
        return group, "unchanged"
    for name in changed:
        setattr(group, name, values[name])
    group.save(update_fields=[name.removesuffix("_id") for name in changed])
    return group, "updated"


def _resize_beds(
    group: PlaceGroup, size: int, *, acting_user: User | None, now: dt.datetime
) -> tuple[int, int]:
    """Make the group have exactly ``size`` beds numbered 1..size; never drop an occupied bed."""
    beds = list(group.places.select_for_update().order_by("number"))
    if len(beds) < size:
        new = [Place(group=group, number=n) for n in range(len(beds) + 1, size + 1)]
        Place.objects.bulk_create(new)
        return len(new), 0
    surplus = beds[size:]
    busy = [b for b in surplus if b.status == Place.Status.OCCUPIED]
    if busy:
        raise RegistryError(
            "places_max",
            _(
                "%(group)s: kan niet verkleinen tot %(size)s plekken, "
                "bed %(bed)s is bezet door een geplaatst slachtoffer"
            )
            % {"group": group.external_id, "size": size, "bed": busy[0].number},
        )
    try:
        with transaction.atomic():
            Place.objects.filter(pk__in=[b.pk for b in surplus]).delete()
    except ProtectedError as error:
        # A bed that ever held a placement or a hold keeps its history (placements point at
        # exactly one bed); such a bed is taken out of service, not removed.
        numbers = sorted(
            {obj.place.number for obj in error.protected_objects if hasattr(obj, "place")}
        )
        raise RegistryError(
            "places_max",
            _(
                "%(group)s: kan niet verkleinen tot %(size)s plekken: bed(den) %(beds)s hebben "
                "plaatsingen of reserveringen in de geschiedenis; zet ze buiten gebruik"
            )
            % {"group": group.external_id, "size": size, "beds": ", ".join(map(str, numbers))},
        ) from None
    if surplus:
        _touch(group, acting_user=acting_user, now=now)
    return 0, len(surplus)


def bed_record_status(
    bed: Place,
    status: str,
    *,
    user: User | None,
    now: dt.datetime,
    via: str = AvailabilityChange.Via.WEB,
) -> None:
    """Change one bed's status and keep its history; the caller holds the bed's lock and has
    checked who may. The one place where a bed's status changes (staff, bookings, imports)."""
    AvailabilityChange.objects.create(
        group_id=bed.group_id,
        place=bed,
        from_status=bed.status,
        to_status=status,
        changed_at=now,
        changed_by=user,
        via=via,
    )
    bed.status, bed.status_changed_at = status, now
    bed.save(update_fields=["status", "status_changed_at"])


def booked_bed_record_status(bed: Place, status: str, *, user: User, now: dt.datetime) -> None:
    """A booking (placement, its end) changes a bed: its status with history, and the group's
    availability counts as confirmed now."""
    bed_record_status(bed, status, user=user, now=now)
    PlaceGroup.objects.filter(pk=bed.group_id).update(availability_updated_at=now)


def _touch(group: PlaceGroup, *, acting_user: User | None, now: dt.datetime) -> None:
    group.availability_updated_at = now
    group.availability_updated_by = acting_user
    group.save(update_fields=["availability_updated_at", "availability_updated_by"])


# Statuses that shelter staff may set by hand. "occupied" by a victim is set by placements once
# the referral workflow exists; until then staff record it here.
STAFF_STATUSES = frozenset(Place.Status)


@transaction.atomic
def place_set_status(
    *, acting_user: User, place_id: int, status: str, via: str = AvailabilityChange.Via.WEB
) -> Place:
    """Set one bed's status. Only staff of the location's organisation (404 for others)."""
    if status not in STAFF_STATUSES:
        raise RegistryError("status", _("onbekende status %(status)r") % {"status": status})
    place = selectors.place_get_for_staff(acting_user, place_id)
    place = Place.objects.select_for_update().get(pk=place.pk)
    now = timezone.now()
    if place.status != status:
        _refuse_if_booked(place, now=now)
        bed_record_status(place, status, user=acting_user, now=now, via=via)
    _touch(place.group, acting_user=acting_user, now=now)
    return place


def _refuse_if_booked(place: Place, *, now: dt.datetime) -> None:
    """A bed held for a referral or occupied by a placement made here changes only through
    the referral's answer or the outflow, so that the bookings and the beds never disagree."""
    # Reverse relations of the referral workflow (cases.Placement, cases.Hold) on this bed.
    if place.placements.filter(ended_at__isnull=True).exists():
        raise RegistryError(
            "status",
            _("dit bed is bezet door een plaatsing via Veilige Plek; leg de uitstroom vast"),
        )
    held = place.holds.filter(released_at__isnull=True, expires_at__gt=now)
    if held.exists():
        raise RegistryError(
            "status", _("dit bed is gereserveerd voor een verwijzing; beantwoord die eerst")
        )


@transaction.atomic
def group_set_other_target_group(*, acting_user: User, group_id: int, count: int) -> PlaceGroup:
    """Record how many beds of a multi-labelled group other target groups are using now.

    Beds move between "free" and "in use by another target group"; beds occupied by victims or
    out of service are not touched, so the count cannot exceed the beds that are not.
    """
    group = selectors.group_get_for_staff(acting_user, group_id)
    if not group.multi_labelled:
        raise RegistryError("count", _("deze plekken worden niet gedeeld met andere doelgroepen"))
    beds = list(group.places.select_for_update().order_by("number"))
    shared = [b for b in beds if b.status == Place.Status.OTHER_TARGET_GROUP]
    free = [b for b in beds if b.status == Place.Status.FREE]
    if not 0 <= count <= len(shared) + len(free):
        raise RegistryError(
            "count",
            _("moet tussen 0 en %(max)s liggen (vrije plus gedeelde bedden)")
            % {"max": len(shared) + len(free)},
        )
    now = timezone.now()
    if count > len(shared):
        moves = [(b, Place.Status.OTHER_TARGET_GROUP) for b in free[: count - len(shared)]]
    else:
        moves = [(b, Place.Status.FREE) for b in shared[count:]]
    for bed, status in moves:
        bed_record_status(bed, status, user=acting_user, now=now)
    _touch(group, acting_user=acting_user, now=now)
    return group


@transaction.atomic
def location_confirm_availability(*, acting_user: User, location_id: int) -> Location:
    """ "Alles klopt nog": mark every group of the location as current without changing beds."""
    location = selectors.location_get_for_staff(acting_user, location_id)
    now = timezone.now()
    for group in location.groups.all():
        AvailabilityChange.objects.create(
            group=group, changed_at=now, changed_by=acting_user, via=AvailabilityChange.Via.CONFIRM
        )
        _touch(group, acting_user=acting_user, now=now)
    return location


def municipality_exists(code: str) -> bool:
    return Municipality.objects.filter(pk=code).exists()
