"""API: signals and cases — a signal opens a case; the cases in scope, one case (read logged),
closing without placement. Referrals, placements and the waiting list have their own modules
(``referrals``, ``placements``, ``waiting``), mounted under the same paths.

Same services as the pages: 404 for out-of-scope objects (like missing ones), 409 when someone
else was first (a bed just taken), 422 naming the field for invalid input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.params.functions import Header as HeaderParam

from veiligeplek.accounts.access import acting_user
from veiligeplek.accounts.roles import PLACING_ROLES
from veiligeplek.api.common import CASE_ROLES, SIGNAL_ROLES, require_role
from veiligeplek.api.schemas import CaseFactsIn, StrictIn
from veiligeplek.audit.context import audit_list, context_for
from veiligeplek.audit.models import Action
from veiligeplek.cases.access import case_in_scope, cases_visible_to
from veiligeplek.cases.models import Case, IdempotencyKey
from veiligeplek.cases.services import closing, idempotency, intake
from veiligeplek.cases.services.common import audit

router = Router(tags=["cases"])


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
    require_role(request, SIGNAL_ROLES)

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
    require_role(request, CASE_ROLES)
    cases = cases_visible_to(acting_user(request)).select_related("assigned_to")
    if status:
        cases = cases.filter(status=status)
    shown = list(cases[:500])
    audit_list(request, "casussen (API)", [c.number for c in shown])
    return [_summary(c) for c in shown]


@router.get("/{number}", response=CaseOut, summary="Eén casus (het inzien wordt gelogd)")
@transaction.atomic
def case_get(request: HttpRequest, number: str) -> dict[str, Any]:
    require_role(request, CASE_ROLES)
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


class CloseIn(StrictIn):
    reason: Literal["dropped_out", "outside", "not_needed", "returned", "not_a_victim"]


@router.post("/{number}/close", response=CaseSummary, summary="Casus afsluiten zonder plaatsing")
def case_close(request: HttpRequest, number: str, body: CloseIn) -> dict[str, Any]:
    require_role(request, PLACING_ROLES)
    case = case_in_scope(acting_user(request), number, write=True)
    closed = closing.case_close(
        ctx=context_for(request, "afsluiten (API)"), case=case, reason=body.reason
    )
    return _summary(closed)
