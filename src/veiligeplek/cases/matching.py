"""Matching against the current registry: every place group, with live availability and holds.

The one entry point for the CLI (``veiligeplek match``), the API (``POST /api/v1/matches``),
the search page and the case page.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings

from veiligeplek.cases.routing import Routed
from veiligeplek.cases.services.holds import active_holds
from veiligeplek.domain.matching import MatchResult, match_case
from veiligeplek.registry.selectors import place_groups_for_matching


def match_routed(routed: Routed, *, now: dt.datetime, with_phone: bool = False) -> MatchResult:
    places = place_groups_for_matching(holds=active_holds(now=now), with_phone=with_phone)
    return match_case(
        routed.facts,
        routed.decision,
        places,
        regions=routed.regions,
        now=now,
        stale_after=settings.AVAILABILITY_STALE_AFTER,
    )


def match_json(result: MatchResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)


def with_phones(result: MatchResult) -> dict[str, Any]:
    """The contract's dict plus the 24/7 phone per place, for roles that may see it."""
    return result.to_dict(with_phone=True)
