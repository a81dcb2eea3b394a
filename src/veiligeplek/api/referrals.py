"""API: referrals — a coordinator refers a case to a place group (and holds a bed); the shelter
accepts (which places the case) or declines with a reason."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from veiligeplek.accounts.access import acting_user
from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.api.common import operation_id, place_group_or_404, require_role
from veiligeplek.api.placements import PlacementOut, placement_out
from veiligeplek.api.schemas import StrictIn
from veiligeplek.audit.context import context_for
from veiligeplek.cases.access import case_in_scope, referral_for_shelter
from veiligeplek.cases.models import Referral
from veiligeplek.cases.services import placement

case_router = Router(tags=["cases"])  # /cases/{number}/referrals
router = Router(tags=["cases"])  # /referrals/{id}/…


class ReferralIn(StrictIn):
    place_group: str = Field(description="id of the place group, e.g. cosm-essm")
    override_reason: str = Field(default="", max_length=300)


class ReferralOut(Schema):
    id: int
    case: str
    place_group: str
    status: str
    hold_expires_at: dt.datetime | None


def referral_out(referral: Referral) -> ReferralOut:
    hold = referral.holds.filter(released_at__isnull=True).first()
    return ReferralOut(
        id=referral.pk,
        case=referral.case.number,
        place_group=referral.group.external_id,
        status=referral.status,
        hold_expires_at=hold.expires_at if hold else None,
    )


@case_router.post(
    "/{number}/referrals",
    response={201: ReferralOut},
    summary="Verwijzen en een bed reserveren",
    operation_id=operation_id("referral_create"),
)
def referral_create(request: HttpRequest, number: str, body: ReferralIn) -> Status[ReferralOut]:
    require_role(request, PLACING_ROLES)
    case = case_in_scope(acting_user(request), number, write=True)
    referral = placement.referral_create(
        ctx=context_for(request, "verwijzen (API)"),
        case=case,
        group=place_group_or_404(body.place_group),
        override_reason=body.override_reason,
    )
    return Status(201, referral_out(referral))


def _shelter_referral(request: HttpRequest, referral_id: int) -> Referral:
    require_role(request, (Role.SHELTER_STAFF,))
    return referral_for_shelter(acting_user(request), referral_id)


@router.post(
    "/{referral_id}/accept",
    response=PlacementOut,
    summary="Verwijzing accepteren (opvang)",
    operation_id=operation_id("referral_accept"),
)
def referral_accept(request: HttpRequest, referral_id: int) -> PlacementOut:
    referral = _shelter_referral(request, referral_id)
    return placement_out(
        placement.referral_accept(ctx=context_for(request, "accepteren (API)"), referral=referral)
    )


class DeclineIn(StrictIn):
    reason: Literal["full", "contra_indication", "safety", "group", "other"]
    text: str = Field(default="", max_length=300)


@router.post(
    "/{referral_id}/decline",
    response=ReferralOut,
    summary="Verwijzing afwijzen (opvang)",
    operation_id=operation_id("referral_decline"),
)
def referral_decline(request: HttpRequest, referral_id: int, body: DeclineIn) -> ReferralOut:
    referral = _shelter_referral(request, referral_id)
    result = placement.referral_decline(
        ctx=context_for(request, "afwijzen (API)"),
        referral=referral,
        reason=body.reason,
        text=body.text,
    )
    return referral_out(result)
