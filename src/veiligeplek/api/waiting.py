"""API: the waiting list — a coordinator puts a case on the waiting list of a category or records
an ad hoc placement; the waiting list in scope with the proposal for free places."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from veiligeplek.accounts.access import acting_user
from veiligeplek.accounts.roles import PLACING_ROLES
from veiligeplek.api.common import operation_id, require_role
from veiligeplek.api.schemas import StrictIn
from veiligeplek.audit.context import audit_list, context_for
from veiligeplek.cases.access import case_in_scope, waiting_list_for
from veiligeplek.cases.services import waiting

case_router = Router(tags=["cases"])  # /cases/{number}/waiting-list and /ad-hoc
router = Router(tags=["cases"])  # /waiting-list


class WaitingIn(StrictIn):
    category: Literal["cosm", "omm", "wmo", "nla", "mannenopvang", "crisis"]


class WaitingOut(Schema):
    case: str
    category: str
    added_at: dt.datetime


@case_router.post(
    "/{number}/waiting-list",
    response={201: WaitingOut},
    summary="Op de wachtlijst zetten",
    operation_id=operation_id("waiting_add"),
)
def waiting_add(request: HttpRequest, number: str, body: WaitingIn) -> Status[WaitingOut]:
    require_role(request, PLACING_ROLES)
    case = case_in_scope(acting_user(request), number, write=True)
    entry = waiting.waiting_list_add(
        ctx=context_for(request, "wachtlijst (API)"), case=case, category=body.category
    )
    return Status(
        201, WaitingOut(case=case.number, category=entry.category, added_at=entry.added_at)
    )


class ProposalOut(Schema):
    case: str
    category: str
    place_group: str
    priority: float


class WaitingListOut(Schema):
    entries: list[WaitingOut]
    proposal: list[ProposalOut]


@router.get(
    "",
    response=WaitingListOut,
    summary="Wachtlijst en voorstel voor vrije plekken",
    operation_id=operation_id("waiting_list"),
)
@transaction.atomic
def waiting_list(request: HttpRequest) -> dict[str, Any]:
    require_role(request, PLACING_ROLES)
    shown = waiting_list_for(acting_user(request))
    audit_list(request, "wachtlijst (API)", [e.case.number for e in shown.entries])
    return {
        "entries": [
            {"case": e.case.number, "category": e.category, "added_at": e.added_at}
            for e in shown.entries
        ],
        "proposal": [
            {
                "case": p.entry.case.number,
                "category": p.entry.category,
                "place_group": p.group.external_id,
                "priority": round(p.priority, 3),
            }
            for p in shown.proposal
        ],
    }


class AdHocIn(StrictIn):
    kind: Literal["hotel", "general_shelter", "womens_shelter", "mental_health", "other"]
    municipality: str
    reason: str = Field(min_length=1, max_length=300)


class AdHocOut(Schema):
    case: str
    kind: str
    municipality: str
    started_at: dt.datetime


@case_router.post(
    "/{number}/ad-hoc",
    response={201: AdHocOut},
    summary="Ad-hocplaatsing vastleggen",
    operation_id=operation_id("ad_hoc_create"),
)
def ad_hoc_create(request: HttpRequest, number: str, body: AdHocIn) -> Status[AdHocOut]:
    require_role(request, PLACING_ROLES)
    case = case_in_scope(acting_user(request), number, write=True)
    record = waiting.ad_hoc_record(
        ctx=context_for(request, "ad hoc (API)"),
        case=case,
        kind=body.kind,
        municipality=body.municipality,
        reason=body.reason,
    )
    return Status(
        201,
        AdHocOut(
            case=case.number,
            kind=record.kind,
            municipality=record.municipality,
            started_at=record.started_at,
        ),
    )
