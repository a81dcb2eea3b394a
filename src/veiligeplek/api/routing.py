"""API: legal routing (the same operation as ``veiligeplek route``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router

from veiligeplek.accounts.access import user_has_role
from veiligeplek.accounts.roles import ROUTING_ROLES
from veiligeplek.api.schemas import CaseFactsIn, RoutingDecisionOut
from veiligeplek.cases.routing import routing_decide

router = Router(tags=["routing"])


@router.post(
    "/decide",
    response=RoutingDecisionOut,
    summary="Routeringsbesluit voor de feiten van een casus",
    description="Spoor, grondslag, verantwoordelijke gemeente, plaatsingsbevoegdheid, "
    "bedenktijd en signalen, met de regels die golden en hun bron. 422 noemt het veld.",
)
def decide(request: HttpRequest, facts: CaseFactsIn) -> dict[str, Any]:
    if not user_has_role(request.user, ROUTING_ROLES):
        raise Http404
    routed = routing_decide(facts.as_facts_data(), today=timezone.localdate())
    return routed.decision.to_dict()
