"""Matching against the current registry: every place group, with live availability and holds.

The one entry point for the CLI (``veiligeplek match``), the API (``POST /api/v1/matches``),
the search page and the case page.
"""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings

from veiligeplek.cases.routing import Routed
from veiligeplek.cases.services.holds import active_holds
from veiligeplek.domain.matching import MatchResult, match_table
from veiligeplek.registry.matching_cache import place_table_for_matching


def match_routed(routed: Routed, *, now: dt.datetime, with_phone: bool = False) -> MatchResult:
    """``with_phone``: the places carry their 24/7 phone (only for roles that may see it)."""
    table, availability = place_table_for_matching(
        holds=active_holds(now=now), with_phone=with_phone
    )
    return match_table(
        routed.facts,
        routed.decision,
        table,
        availability,
        regions=routed.regions,
        now=now,
        stale_after=settings.AVAILABILITY_STALE_AFTER,
    )


def match_json(result: MatchResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
