from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.audit_check import every_case_request_is_audited_once  # noqa: F401
from tests.cases.conftest import people  # noqa: F401 - the roster fixture, shared
from veiligeplek.data.landscape import shipped_landscape
from veiligeplek.data.reference import default_region_table
from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.facts import CaseFacts, parse_case_facts
from veiligeplek.domain.routing import route_case

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = dt.date(2026, 11, 28)
# What a sheet must never show: shelter names (organisations of the landscape), a street
# address, a person's name (the four people of the report and a made-up identity).
SHELTER_NAMES = sorted({row.organisation for row in shipped_landscape()} | {"Querido", "ESSM"})
PERSONAL_NAMES = ["Maria", "Sandra", "Radek", "Amir", "Fictief-Gomez"]
STREET_ADDRESS = (
    r"\b\d{4} ?[A-Z]{2}\b"  # Dutch postcode
    r"|\b\w+(straat|weg|laan|plein|gracht|kade|dijk|singel)\s+\d+"
)


def persona_data(name: str, **changes: object) -> dict[str, object]:
    data: dict[str, object] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return {**data, **changes}


@pytest.fixture
def routed() -> Callable[..., tuple[CaseFacts, RoutingDecision]]:
    regions = default_region_table()

    def route(name: str, **changes: object) -> tuple[CaseFacts, RoutingDecision]:
        facts = parse_case_facts(
            persona_data(name, **changes), municipalities=regions.municipalities
        )
        return facts, route_case(facts, today=TODAY, regions=regions)

    return route
