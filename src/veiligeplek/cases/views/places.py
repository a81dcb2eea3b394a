"""The route and the places as the case page and the search page both show them
(``_decision.html`` and ``_matches.html``): one match, recorded as a search, and one order of
the "almost" places, the match's own (nearest first, then by rank)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import PHONE_ROLES, PLACING_ROLES
from veiligeplek.cases.matching import match_routed
from veiligeplek.cases.models import Case, MatchSearch
from veiligeplek.cases.presenters import present
from veiligeplek.cases.routing import Routed
from veiligeplek.cases.services.searches import match_search_record
from veiligeplek.domain.matching import MatchResult, PlaceMatch


def match_shown(
    routed: Routed,
    user: User,
    *,
    now: dt.datetime,
    channel: MatchSearch.Channel,
    case: Case | None = None,
) -> MatchResult:
    """The match on the whole registry, with the 24/7 phones for the roles that may call, and
    recorded as a search when a placing professional made it (monitoring counts searches)."""
    result = match_routed(routed, now=now, with_phone=user.role in PHONE_ROLES)
    if user.role in PLACING_ROLES:
        match_search_record(result=result, channel=channel, user=user, at=now, case=case)
    return result


def places_context(
    routed: Routed,
    result: MatchResult | None,
    *,
    show_phone: bool,
    shown: Callable[[PlaceMatch], bool] = lambda _: True,
) -> dict[str, Any]:
    """The route, the places ``shown`` (all by default) and the "almost" places."""
    return {
        "view": present(routed.decision, routed.regions),
        "result": result,
        "matches": [m for m in result.places if shown(m)] if result else [],
        "almost": almost_places(result) if result else [],
        "show_phone": show_phone,
    }


def almost_places(result: MatchResult) -> list[PlaceMatch]:
    """The "almost" places in the match's order (``MatchResult.almost``)."""
    by_id = {m.place.id: m for m in result.places}
    return [by_id[place_id] for place_id in result.almost]
