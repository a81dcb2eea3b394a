"""Fixtures for the pure domain tests: the shipped reference data, no database."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from veiligeplek.data.landscape import shipped_landscape
from veiligeplek.data.reference import default_region_table
from veiligeplek.domain.facts import CaseFacts, parse_case_facts
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.places import GroupProfile

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def regions() -> RegionTable:
    return default_region_table()


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def landscape() -> list[GroupProfile]:
    """The report's 2025 landscape with every bed free and availability updated just now."""
    return [
        GroupProfile(
            **{
                **row.to_place_group().__dict__,
                "free": row.places_max,
                "availability_updated_at": NOW,
            }
        )
        for row in shipped_landscape()
    ]


@pytest.fixture
def persona(regions: RegionTable) -> Callable[[str], CaseFacts]:
    """Load one of the four people of the report from examples/<name>.json."""

    def load(name: str) -> CaseFacts:
        data = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
        return parse_case_facts(data, municipalities=regions.municipalities)

    return load
