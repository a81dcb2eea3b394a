"""API: the referral workflow — signals, cases, referrals, placements, waiting list, ad hoc.

Same services as the pages: 404 for out-of-scope objects (like missing ones), 409 when someone
else was first (a bed just taken), 422 naming the field for invalid input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any, Literal

from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.params.functions import Header as HeaderParam

from veiligeplek.accounts.access import acting_user, user_has_role
from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.api.schemas import CaseFactsIn, StrictIn
from veiligeplek.audit.context import audit_list, context_for
from veiligeplek.audit.models import Action
from veiligeplek.cases.access import (
    active_placement_for,
    case_in_scope,
    cases_visible_to,
    referral_for_shelter,
    waiting_list_for,
)
from veiligeplek.cases.models import Case, IdempotencyKey, Placement, Referral
from veiligeplek.cases.services import closing, idempotency, intake, placement, waiting
from veiligeplek.cases.services.common import audit
from veiligeplek.registry.models import Place, PlaceGroup

router = Router(tags=["cases"])
referrals_router = Router(tags=["cases"])
placements_router = Router(tags=["cases"])
waiting_router = Router(tags=["cases"])
SIGNAL_ROLES = (Role.SIGNALLER, *PLACING_ROLES)
CASE_ROLES = (*PLACING_ROLES, Role.SHELTER_STAFF)


def _require(request: HttpRequest, roles: Collection[Role]) -> None:
    if not user_has_role(request.user, roles):
        raise Http404


class IdentityIn(StrictIn):
    full_name: str = Field(default="", max_length=200)
    date_of_birth: dt.date | None = None
    bsn: str = Field(default="", max_length=9)
    v_number: str = Field(default="", max_length=10)


class SignalIn(StrictIn):
    facts: CaseFactsIn
    urgency: Literal["crisis", "normal"]
    callback_name: str = Field(min_length=1, max_length=150)
    callback_phone: str = Field(min_length=8, max_length=40)
    note: str = Field(default="", max_length=2000)
    identity: IdentityIn | None = None


class SignalOut(Schema):
    number: str
    status: str
    assigned_role: str | None
    received_at: dt.datetime


class CaseSummary(Schema):
    number: str
    status: str
    urgency: str
    track: str
    care_region: str
    placement_authority: str
    place_categories: list[str]
    national_gap: bool
    reflection_ends_on: dt.date | None
    assigned_to: str | None
    created_at: dt.datetime


class CaseOut(CaseSummary):
    facts: dict[str, Any]
    decisions: list[dict[str, Any]]
    placement: dict[str, Any] | None
    referrals: list[dict[str, Any]]
    waiting: list[str]
    timeline: list[dict[str, Any]]


@router.post(
    "",
    response={201: SignalOut},
    summary="Signaal melden (opent een casus)",
    description=(
        "Met de header `Idempotency-Key` (IETF-draft httpapi-idempotency-key-header) geeft "
        "een herhaling met dezelfde sleutel en dezelfde inhoud het eerste antwoord terug "
        "(zelfde casusnummer, status en inhoud) zonder een nieuwe casus; dezelfde sleutel met "
        'een andere inhoud geeft 422 met `loc` `["header", "Idempotency-Key"]`. Een sleutel '
        "geldt per gebruiker en blijft minstens 24 uur bewaard."
    ),
)
def signal_create(
    request: HttpRequest,
    body: SignalIn,
    idempotency_key: str | None = HeaderParam(  # noqa: B008 (ninja's parameter declaration)
        None,
        alias=idempotency.HEADER,
        description="Unieke sleutel per signaal (1-255 zichtbare ASCII-tekens), bijv. een UUID",
        pattern=idempotency.KEY_PATTERN,
    ),
) -> Status[SignalOut]:
    _require(request, SIGNAL_ROLES)

    def create() -> tuple[int, dict[str, Any], Case]:
        case = _signal_submit(request, body)
        out = SignalOut(
            number=case.number,
            status=case.status,
            assigned_role=case.assigned_to.role if case.assigned_to else None,
            received_at=case.created_at,
        )
        return 201, out.model_dump(mode="json"), case

    if idempotency_key is None:
        status_code, answer, _case = create()
    else:
        once = idempotency.answer_once(
            ctx=context_for(request, "signaal melden (API)"),
            scope=IdempotencyKey.Scope.API_SIGNAL,
            key=idempotency.key_parse(idempotency_key),
            payload=body.model_dump(mode="json"),
            create=create,
        )
        status_code, answer = once.status_code, once.body
    return Status(status_code, SignalOut.model_validate(answer))


def _signal_submit(request: HttpRequest, body: SignalIn) -> Case:
    identity = intake.IdentityIn(**body.identity.model_dump()) if body.identity else None
    return intake.signal_submit(
        ctx=context_for(request, "signaal melden (API)"),
        facts_data=body.facts.as_facts_data(),
        urgency=body.urgency,
        callback_name=body.callback_name,
        callback_phone=body.callback_phone,
        note=body.note,
        identity=identity,
    )


def _summary(case: Case) -> dict[str, Any]:
    return {
        "number": case.number,
        "status": case.status,
        "urgency": case.urgency,
        "track": case.track,
        "care_region": case.care_region_code,
        "placement_authority": case.placement_authority,
        "place_categories": case.place_categories,
        "national_gap": case.national_gap,
        "reflection_ends_on": case.reflection_ends_on,
        "assigned_to": case.assigned_to.get_username() if case.assigned_to else None,
        "created_at": case.created_at,
    }


@router.get("", response=list[CaseSummary], summary="Casussen binnen uw bevoegdheid")
@transaction.atomic
def case_list(request: HttpRequest, status: str | None = None) -> list[dict[str, Any]]:
    _require(request, CASE_ROLES)
    cases = cases_visible_to(acting_user(request)).select_related("assigned_to")
    if status:
        cases = cases.filter(status=status)
    shown = list(cases[:500])
    audit_list(request, "casussen (API)", [c.number for c in shown])
    return [_summary(c) for c in shown]


@router.get("/{number}", response=CaseOut, summary="Eén casus (het inzien wordt gelogd)")
@transaction.atomic
def case_get(request: HttpRequest, number: str) -> dict[str, Any]:
    _require(request, CASE_ROLES)
    case = case_in_scope(acting_user(request), number)
    audit(context_for(request, "casus inzien (API)"), case, Action.READ, "dossier")
    current = case.placements.filter(ended_at__isnull=True).select_related("place__group").first()
    return {
        **_summary(case),
        "facts": case.facts,
        "decisions": [
            {"decided_at": d.decided_at.isoformat(), "reason": d.reason, "decision": d.decision}
            for d in case.decisions.all()
        ],
        "placement": {
            "id": current.pk,
            "place_group": current.place.group.external_id,
            "bed": current.place.number,
            "started_at": current.started_at.isoformat(),
            "expected_end": current.expected_end.isoformat() if current.expected_end else None,
        }
        if current
        else None,
        "referrals": [
            {
                "id": r.pk,
                "place_group": r.group.external_id,
                "status": r.status,
                "decline_reason": r.decline_reason or None,
            }
            for r in case.referrals.select_related("group")
        ],
        "waiting": list(
            case.waiting.filter(removed_at__isnull=True).values_list("category", flat=True)
        ),
        "timeline": [
            {"at": e.at.isoformat(), "kind": e.kind, "organisation": e.actor_organisation}
            for e in case.timeline.all()
        ],
    }


class ReferralIn(StrictIn):
    place_group: str = Field(description="id of the place group, e.g. cosm-essm")
    override_reason: str = Field(default="", max_length=300)


class ReferralOut(Schema):
    id: int
    case: str
    place_group: str
    status: str
    hold_expires_at: dt.datetime | None


def _referral_out(referral: Referral) -> ReferralOut:
    hold = referral.holds.filter(released_at__isnull=True).first()
    return ReferralOut(
        id=referral.pk,
        case=referral.case.number,
        place_group=referral.group.external_id,
        status=referral.status,
        hold_expires_at=hold.expires_at if hold else None,
    )


def _group(external_id: str) -> PlaceGroup:
    return get_object_or_404(PlaceGroup.objects.select_related("location"), external_id=external_id)


@router.post(
    "/{number}/referrals", response={201: ReferralOut}, summary="Verwijzen en een bed reserveren"
)
def referral_create(request: HttpRequest, number: str, body: ReferralIn) -> Status[ReferralOut]:
    _require(request, PLACING_ROLES)
    case = case_in_scope(acting_user(request), number, write=True)
    referral = placement.referral_create(
        ctx=context_for(request, "verwijzen (API)"),
        case=case,
        group=_group(body.place_group),
        override_reason=body.override_reason,
    )
    return Status(201, _referral_out(referral))


def _shelter_referral(request: HttpRequest, referral_id: int) -> Referral:
    _require(request, (Role.SHELTER_STAFF,))
    return referral_for_shelter(acting_user(request), referral_id)


class PlacementOut(Schema):
    id: int
    case: str
    place_group: str
    bed: int
    started_at: dt.datetime
    expected_end: dt.date | None


def _placement_out(p: Placement) -> PlacementOut:
    return PlacementOut(
        id=p.pk,
        case=p.case.number,
        place_group=p.place.group.external_id,
        bed=p.place.number,
        started_at=p.started_at,
        expected_end=p.expected_end,
    )


@referrals_router.post(
    "/{referral_id}/accept",
    response=PlacementOut,
    summary="Verwijzing accepteren (opvang)",
)
def referral_accept(request: HttpRequest, referral_id: int) -> PlacementOut:
    referral = _shelter_referral(request, referral_id)
    return _placement_out(
        placement.referral_accept(ctx=context_for(request, "accepteren (API)"), referral=referral)
    )


class DeclineIn(StrictIn):
    reason: Literal["full", "contra_indication", "safety", "group", "other"]
    text: str = Field(default="", max_length=300)


@referrals_router.post(
    "/{referral_id}/decline", response=ReferralOut, summary="Verwijzing afwijzen (opvang)"
)
def referral_decline(request: HttpRequest, referral_id: int, body: DeclineIn) -> ReferralOut:
    referral = _shelter_referral(request, referral_id)
    result = placement.referral_decline(
        ctx=context_for(request, "afwijzen (API)"),
        referral=referral,
        reason=body.reason,
        text=body.text,
    )
    return _referral_out(result)


class PlacementIn(StrictIn):
    place_group: str = Field(description="id of the place group, e.g. cosm-essm")
    bed: int | None = Field(default=None, ge=1, description="bed number within the place group")
    override_reason: str = Field(default="", max_length=300)


@router.post(
    "/{number}/placements",
    response={201: PlacementOut},
    summary="Direct plaatsen (409 als iemand u voor was)",
)
def placement_create(request: HttpRequest, number: str, body: PlacementIn) -> Status[PlacementOut]:
    _require(request, PLACING_ROLES)
    case = case_in_scope(acting_user(request), number, write=True)
    group = _group(body.place_group)
    bed = get_object_or_404(Place, group=group, number=body.bed) if body.bed else None
    result = placement.placement_create(
        ctx=context_for(request, "plaatsen (API)"),
        case=case,
        place=bed,
        group=group,
        override_reason=body.override_reason,
    )
    return Status(201, _placement_out(result))


class OutflowIn(StrictIn):
    outflow: Literal["second_phase", "own_housing", "return", "transfer", "dropped_out", "other"]
    note: str = Field(default="", max_length=300)


@placements_router.post(
    "/{placement_id}/end",
    response=PlacementOut,
    summary="Verblijf beëindigen (uitstroom)",
)
def placement_end(request: HttpRequest, placement_id: int, body: OutflowIn) -> PlacementOut:
    _require(request, CASE_ROLES)
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
    return _placement_out(ended)


class WaitingIn(StrictIn):
    category: Literal["cosm", "omm", "wmo", "nla", "mannenopvang", "crisis"]


class WaitingOut(Schema):
    case: str
    category: str
    added_at: dt.datetime


@router.post(
    "/{number}/waiting-list", response={201: WaitingOut}, summary="Op de wachtlijst zetten"
)
def waiting_add(request: HttpRequest, number: str, body: WaitingIn) -> Status[WaitingOut]:
    _require(request, PLACING_ROLES)
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


@waiting_router.get(
    "", response=WaitingListOut, summary="Wachtlijst en voorstel voor vrije plekken"
)
@transaction.atomic
def waiting_list(request: HttpRequest) -> dict[str, Any]:
    _require(request, PLACING_ROLES)
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


@router.post("/{number}/ad-hoc", response={201: AdHocOut}, summary="Ad-hocplaatsing vastleggen")
def ad_hoc_create(request: HttpRequest, number: str, body: AdHocIn) -> Status[AdHocOut]:
    _require(request, PLACING_ROLES)
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


class CloseIn(StrictIn):
    reason: Literal["dropped_out", "outside", "not_needed", "returned", "not_a_victim"]


@router.post("/{number}/close", response=CaseSummary, summary="Casus afsluiten zonder plaatsing")
def case_close(request: HttpRequest, number: str, body: CloseIn) -> dict[str, Any]:
    _require(request, PLACING_ROLES)
    case = case_in_scope(acting_user(request), number, write=True)
    closed = closing.case_close(
        ctx=context_for(request, "afsluiten (API)"), case=case, reason=body.reason
    )
    return _summary(closed)
