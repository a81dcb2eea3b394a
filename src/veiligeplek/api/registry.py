"""API: the national overview of places (aggregates per group; no addresses, no persons)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router

from veiligeplek.accounts.access import user_has_role
from veiligeplek.accounts.roles import OVERVIEW_ROLES
from veiligeplek.api.schemas import PlaceGroupOut
from veiligeplek.registry import overview

router = Router(tags=["registry"])


@router.get("", response=list[PlaceGroupOut], summary="Alle groepen plekken met beschikbaarheid")
def place_groups(request: HttpRequest) -> list[PlaceGroupOut]:
    if not user_has_role(request.user, OVERVIEW_ROLES):
        raise Http404
    return [
        PlaceGroupOut(
            id=row.external_id,
            organisation=row.organisation,
            location=row.location,
            municipality=row.municipality_code,
            region=row.region_code,
            category=row.category,
            capacity_min=row.capacity_min,
            capacity_max=row.capacity_max,
            beds_free=row.beds_free,
            beds_occupied=row.beds_occupied,
            beds_other_target_group=row.beds_other,
            beds_out_of_service=row.beds_out,
            multi_labelled=row.multi_labelled,
            availability_updated_at=row.updated_at,
            stale=row.stale,
        )
        for row in overview.group_rows(now=timezone.now())
    ]
