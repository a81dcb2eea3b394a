"""Routing against the current registry: case facts in, routing decision out.

The one entry point that the CLI, the API and the routing page use, so that every channel
validates the same way and routes with the regions valid on the same date.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.facts import CaseFacts, InvalidFactsError, parse_case_facts
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.routing import route_case
from veiligeplek.registry.matching_cache import region_table_on


@dataclass(frozen=True)
class Routed:
    facts: CaseFacts
    decision: RoutingDecision
    regions: RegionTable


def decode_json(text: str) -> object:
    """Decode JSON input, refusing malformed text with an error naming the position."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidFactsError(
            "(root)", f"ongeldige JSON op regel {exc.lineno}, kolom {exc.colno}: {exc.msg}"
        ) from None


def routing_decide(data: object, *, today: dt.date) -> Routed:
    """Validate ``data`` (a decoded JSON object) and route it with the regions of ``today``;
    event dates after ``today`` are refused (``domain.facts.FUTURE_TOLERANCE``)."""
    regions = region_table_on(today)
    facts = parse_case_facts(data, municipalities=regions.municipalities, today=today)
    return Routed(
        facts=facts, decision=route_case(facts, today=today, regions=regions), regions=regions
    )


def decision_json(decision: RoutingDecision) -> str:
    return json.dumps(decision.to_dict(), ensure_ascii=False, indent=2)
