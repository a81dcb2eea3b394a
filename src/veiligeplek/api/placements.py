"""API: placements — a coordinator places a case directly (409 when someone else was first); the
shelter or coordinator ends a stay with its outflow."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from veiligeplek.accounts.access import acting_user
from veiligeplek.accounts.roles import PLACING_ROLES
from veiligeplek.api.common import CASE_ROLES, operation_id, place_group_or_404, require_role
from veiligeplek.api.schemas import StrictIn
from veiligeplek.audit.context import context_for
from veiligeplek.cases.access import active_placement_for, case_in_scope
from veiligeplek.cases.models import Placement
from veiligeplek.cases.services import placement
from veiligeplek.registry.models import Place

case_router = Router(tags=["cases"])  # /cases/{number}/placements
router = Router(tags=["cases"])  # /placements/{id}/…


class PlacementOut(Schema):
    id: int
    case: str
    place_group: str
    bed: int
    started_at: dt.datetime
    expected_end: dt.date | None


def placement_out(p: Placement) -> PlacementOut:
    return PlacementOut(
        id=p.pk,
        case=p.case.number,
        place_group=p.place.group.external_id,
        bed=p.place.number,
        started_at=p.started_at,
        expected_end=p.expected_end,
    )


class PlacementIn(StrictIn):
    place_group: str = Field(description="id of the place group, e.g. cosm-essm")
    bed: int | None = Field(default=None, ge=1, description="bed number within the place group")
    override_reason: str = Field(default="", max_length=300)


@case_router.post(
    "/{number}/placements",
    response={201: PlacementOut},
    summary="Direct plaatsen (409 als iemand u voor was)",
    operation_id=operation_id("placement_create"),
)
def placement_create(request: HttpRequest, number: str, body: PlacementIn) -> Status[PlacementOut]:
    require_role(request, PLACING_ROLES)
    case = case_in_scope(acting_user(request), number, write=True)
    group = place_group_or_404(body.place_group)
    bed = get_object_or_404(Place, group=group, number=body.bed) if body.bed else None
    result = placement.placement_create(
        ctx=context_for(request, "plaatsen (API)"),
        case=case,
        place=bed,
        group=group,
        override_reason=body.override_reason,
    )
    return Status(201, placement_out(result))


class OutflowIn(StrictIn):
    outflow: Literal["second_phase", "own_housing", "return", "transfer", "dropped_out", "other"]
    note: str = Field(default="", max_length=300)


@router.post(
    "/{placement_id}/end",
    response=PlacementOut,
    summary="Verblijf beëindigen (uitstroom)",
    operation_id=operation_id("placement_end"),
)
def placement_end(request: HttpRequest, placement_id: int, body: OutflowIn) -> PlacementOut:
    require_role(request, CASE_ROLES)
    found = get_object_or_404(Placement.objects.select_related("case"), pk=placement_id)
    user = acting_user(request)
    current = active_placement_for(user, case_in_scope(user, found.case.number, write=True))
    if current is None or current.pk != found.pk:
        raise Http404  # another shelter's placement, or one that already ended
    ended = placement.placement_end(
        ctx=context_for(request, "uitstroom (API)"),
        placement=current,
        outflow=body.outflow,
        note=body.note,
    )
    return placement_out(ended)
