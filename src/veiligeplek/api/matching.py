"""API: matching (the same operation as ``veiligeplek match``).

Every group of places in the registry, eligible and free first, each with the reason for every
refusal; ``national_gap`` apart from ``no_capacity`` (ARCHITECTURE.md, "Match result"). The
24/7 phone of a location is added per place only for roles that may see it (``PHONE_ROLES``);
for every other caller the key is absent, not null.

Above ``BRIEF_ABOVE`` groups the answer is brief unless ``?detail=full``: every group listed
with its ``id``, ``eligible`` and reason ``code``s, but only the best ``BRIEF_IN_FULL`` eligible
groups and the ``almost`` ones in full, with sentences (ADR 0009).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema

from veiligeplek.accounts.access import user_has_role
from veiligeplek.accounts.roles import PHONE_ROLES, PLACING_ROLES
from veiligeplek.api.schemas import CaseFactsIn, RoutingDecisionOut
from veiligeplek.cases.matching import match_routed
from veiligeplek.cases.routing import routing_decide
from veiligeplek.domain.matching import BRIEF_ABOVE

router = Router(tags=["matching"])

ReasonCodeOut = Literal[
    "category",
    "gender",
    "age",
    "exploitation",
    "contra_indication",
    "children",
    "region_binding",
    "safety",
    "full",
    "stale",
]


class ReasonOut(Schema):
    code: ReasonCodeOut
    text: str = Field(description="Eén Nederlandse zin die de concrete waarde noemt")


class BriefReasonOut(Schema):
    code: ReasonCodeOut


class BriefPlaceOut(Schema):
    """A group of a brief answer that is not given in full (``?detail=full`` gives it so)."""

    id: str
    eligible: bool
    reasons: list[BriefReasonOut] = Field(
        description="De redencodes zonder zinnen; van een niet-passende groep buiten de route "
        "alleen 'category'"
    )


class PlaceMatchOut(Schema):
    id: str = Field(description="Id van de groep plekken (de rij van het landschapsbestand)")
    organisation: str
    location_name: str
    municipality: str = Field(description="CBS-code van de locatie")
    category: str
    capacity: int
    available: int = Field(description="Nu beschikbaar: vrije bedden min lopende reserveringen")
    eligible: bool
    reasons: list[ReasonOut]
    distance_km: float = Field(description="Vanaf de gemeente waar het slachtoffer is gevonden")
    score: float = Field(ge=0, le=1, description="Passendheid; 0 als de plek niet passend is")
    stale: bool
    availability_updated_at: dt.datetime | None
    phone_24_7: str | None = Field(
        default=None, description="Alleen voor rollen die het 24/7-nummer mogen zien"
    )


class NextStepOut(Schema):
    code: Literal["place", "next_category", "waiting_list", "ad_hoc"]
    text: str
    category: str | None
    place_id: str | None


class CategoryStatusOut(Schema):
    category: str
    status: Literal["free", "full", "none"]
    eligible_groups: int
    available: int


class MatchResultOut(Schema):
    decision: RoutingDecisionOut
    national_gap: bool = Field(description="Nergens in het land een passende plek")
    no_capacity: bool = Field(description="Passende plekken bestaan, maar geen enkele is vrij")
    places: list[PlaceMatchOut | BriefPlaceOut] = Field(
        description="Elke groep plekken, passend en vrij eerst; boven "
        f"{BRIEF_ABOVE} groepen zonder ?detail=full alleen de beste passende en de bijna "
        "passende volledig"
    )
    almost: list[str] = Field(description="Bijna passend: faalt op precies één criterium")
    next_step: NextStepOut
    earliest_expected_free: dt.date | None
    category_status: list[CategoryStatusOut]


@router.post(
    "",
    response={200: MatchResultOut},
    summary="Alle plekken in het land voor de feiten van een casus, passend en vrij eerst",
    description="Het routeringsbesluit en elke groep plekken met de reden per weigering, "
    "beschikbaarheid, afstand en score; landelijk tekort apart van geen capaciteit. "
    "Alleen voor plaatsende rollen (anders 404). 422 noemt het veld.",
)
def match(
    request: HttpRequest, facts: CaseFactsIn, detail: Literal["full"] | None = None
) -> HttpResponse:
    if not user_has_role(request.user, PLACING_ROLES):
        raise Http404
    phone = user_has_role(request.user, PHONE_ROLES)
    routed = routing_decide(facts.as_facts_data(), today=timezone.localdate())
    result = match_routed(routed, now=timezone.now(), with_phone=phone)
    brief = detail != "full" and len(result.places) > BRIEF_ABOVE
    # Written directly rather than validated again against MatchResultOut: at 100x the registry
    # (2,100 groups) that validation costs more than the match itself (docs/benchmarks.md). The
    # schema documents the answer; a test holds the answer to it.
    return HttpResponse(
        result.to_json(with_phone=phone, brief=brief),
        content_type="application/json; charset=utf-8",
    )
