"""The report's figures: 868 a year against about 160 places with stays of months.

The current scenario shows sustained waiting lists and ad hoc placements, criminal
exploitation is always ad hoc (no suitable place exists), and the scenario with places for
criminal exploitation removes those ad hoc placements.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from tests.simulation.conftest import SCENARIOS
from veiligeplek.simulation.runner import simulate
from veiligeplek.simulation.scenario import load_scenario

SHIPPED = sorted(p.name for p in SCENARIOS.glob("*.toml"))
CRIMINAL = "criminele-uitbuiting"


@cache
def run(name: str) -> dict[str, Any]:
    scenario = load_scenario(SCENARIOS / name).with_overrides(replications=6, years=6)
    return simulate(scenario)


def test_the_current_scenario_has_the_reports_demand_and_places() -> None:
    described = run("huidig.toml")["scenario"]
    total = sum(
        value["value"]
        for key, value in described["parameters"].items()
        if key.startswith("arrivals[") and key.endswith(".per_year")
    )
    assert total == 868
    assert 158 <= sum(described["places"].values()) <= 162


def test_the_current_scenario_has_sustained_waiting_lists_and_ad_hoc_placements() -> None:
    res = run("huidig.toml")["results"]
    assert res["by_category"]["wmo"]["waiting_list_mean"]["ci95"][0] > 20
    assert res["by_category"]["cosm"]["waiting_list_mean"]["ci95"][0] > 10
    assert res["by_category"]["cosm"]["occupancy"]["mean"] > 0.95
    assert res["ad_hoc_per_year"]["ci95"][0] > 300
    assert res["by_profile"]["nl-vrouw-seksueel"]["wait_days"]["p90"] > 90


def test_criminal_exploitation_is_always_ad_hoc_today() -> None:
    criminal = run("huidig.toml")["results"]["by_profile"][CRIMINAL]
    assert criminal["national_gap"] is True
    assert criminal["no_place_free_share"]["ci95"] == [1.0, 1.0]
    assert criminal["placed_suitably_share"]["ci95"] == [0.0, 0.0]
    assert criminal["ad_hoc_per_year"] == criminal["arrivals_per_year"]


def test_places_for_criminal_exploitation_remove_those_ad_hoc_placements() -> None:
    before = run("huidig.toml")["results"]["by_profile"][CRIMINAL]
    after = run("criminele-uitbuiting.toml")["results"]["by_profile"][CRIMINAL]
    assert after["national_gap"] is False
    assert after["placed_suitably_share"]["ci95"][0] > 0.9
    assert after["ad_hoc_per_year"]["ci95"][1] < 0.1 * before["ad_hoc_per_year"]["mean"]


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_reads_and_runs(name: str) -> None:
    scenario = load_scenario(SCENARIOS / name).with_overrides(replications=2, years=3)
    result = simulate(scenario)
    assert result["results"]["arrivals_per_year"]["mean"] > 0


def test_the_options_change_what_they_say() -> None:
    places = {
        name: run(name)["scenario"]["places"] for name in ("huidig.toml", "omm-verdubbeld.toml")
    }
    assert places["omm-verdubbeld.toml"]["omm"] == 2 * places["huidig.toml"]["omm"]
    unbound = run("zonder-regiobinding.toml")["results"]["by_category"]["wmo"]["occupancy"]
    bound = run("huidig.toml")["results"]["by_category"]["wmo"]["occupancy"]
    assert unbound["ci95"][0] > bound["ci95"][1]  # region-bound Wmo beds stood empty
