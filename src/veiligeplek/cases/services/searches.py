"""Searches for places, recorded with what they showed: how many groups were listed, eligible,
free, and how many had stale availability at that moment (the freshness figures of the
monitoring). Counts and codes only; the facts searched for are not kept."""

from __future__ import annotations

import datetime as dt

from veiligeplek.accounts.models import User
from veiligeplek.cases.models import Case, MatchSearch
from veiligeplek.domain.matching import MatchResult


def match_search_record(
    *,
    result: MatchResult,
    channel: str,
    user: User,
    at: dt.datetime,
    case: Case | None = None,
) -> MatchSearch:
    """One row per search; the region is the case's, else the searcher's own."""
    places = result.places
    stale = [m for m in places if m.stale]
    return MatchSearch.objects.create(
        at=at,
        channel=channel,
        case=case,
        care_region_code=(case.care_region_code if case else "") or user.care_region_code,
        role=user.role,
        groups=len(places),
        eligible_groups=sum(m.eligible for m in places),
        placeable_groups=sum(m.placeable for m in places),
        stale_groups=len(stale),
        stale_eligible_groups=sum(m.eligible for m in stale),
        stale_locations=len(
            {(m.place.organisation, m.place.location_name, m.place.municipality) for m in stale}
        ),
        national_gap=result.national_gap,
        is_demo=user.is_demo or bool(case and case.is_demo),
    )
