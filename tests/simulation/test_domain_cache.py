"""The model routes and matches each profile once: the first free group of that order must be
the group the app's matching ranks first, whatever beds are free."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tests.simulation.conftest import SCENARIOS
from veiligeplek.data.reference import default_region_table
from veiligeplek.domain.matching import match_table, place_table
from veiligeplek.domain.places import Availability
from veiligeplek.domain.routing import route_case
from veiligeplek.simulation.model import compile_model
from veiligeplek.simulation.scenario import load_scenario


@pytest.mark.parametrize(
    "name", ["huidig.toml", "criminele-uitbuiting.toml", "landelijke-centra.toml"]
)
def test_first_free_group_of_the_cached_order_is_the_apps_first_choice(name: str) -> None:
    scenario = load_scenario(SCENARIOS / name)
    model = compile_model(scenario)
    regions = default_region_table()
    now = dt.datetime.combine(scenario.start_date, dt.time(12), tzinfo=dt.UTC)
    table = place_table(scenario.groups)
    rng = random.Random(5)
    for _ in range(40):
        free = tuple(rng.choice([0, 0, g.capacity]) for g in scenario.groups)
        availability = Availability(free=free, held=(0,) * len(free), updated_at=(now,) * len(free))
        for stream, profile in zip(scenario.streams, model.profiles, strict=True):
            decision = route_case(stream.facts, today=scenario.start_date, regions=regions)
            match = match_table(
                stream.facts, decision, table, availability, regions=regions, now=now
            )
            app = next((m.place.id for m in match.places if m.placeable), None)
            cached = next((g for g in profile.order if free[g] > 0), None)
            assert (None if cached is None else scenario.groups[cached].id) == app
            assert profile.national_gap == match.national_gap
