"""Reads of the registry for views, the API, matching and the overview."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.data.landscape import LandscapeRow
from veiligeplek.domain.enums import (
    ContraIndication,
    Exploitation,
    Gender,
    Phase,
    PlaceCategory,
    PlacementAuthority,
    RegionBindingKind,
)
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
