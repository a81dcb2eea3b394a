"""The fewest added places that bring p90 waiting and ad hoc placements under targets."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.simulation.conftest import mmc_text
from veiligeplek.simulation.engine import DAYS_PER_YEAR
from veiligeplek.simulation.erlang import erlang_c
from veiligeplek.simulation.scenario import ScenarioError, load_scenario
from veiligeplek.simulation.search import search

OPTION = """
[search]
target_p90_days = 1
target_ad_hoc_per_year = 5
max_steps = 8
replications = 10

[[search.options]]
id = "extra-utrecht"
category = "wmo"
places = 1
municipality = "GM0344"
"""


def p90_at_most_one_day(servers: int, per_day: float, mean_days: float) -> bool:
    """Erlang C: P(wait > t) = C(c, a) exp(-(c mu - lambda) t); p90 <= 1 day when <= 0.1."""
    load = per_day * mean_days
    if load >= servers:
        return False
    return erlang_c(servers, load) * math.exp(-(servers / mean_days - per_day)) <= 0.1


def test_one_option_adds_the_fewest_places_erlang_c_needs(tmp_path: Path) -> None:
    text = mmc_text(tmp_path, servers=9, per_year=100, mean_days=30, years=10, warm_up_years=1)
    path = tmp_path / "search.toml"
    path.write_text(text + OPTION, encoding="utf-8")
    result = search(load_scenario(path))
    answer = result["search"]["answer"]
    per_day = 100 / DAYS_PER_YEAR
    needed = next(c for c in range(9, 30) if p90_at_most_one_day(c, per_day, 30)) - 9
    assert answer["added_places"]["extra-utrecht"] in (needed, needed + 1)
    assert answer["met_at_95"] is True
    p90s = [step["p90_days"]["mean"] for step in result["search"]["steps"]]
    assert p90s[0] > 1 and p90s == sorted(p90s, reverse=True)


def test_a_search_option_with_an_unknown_municipality_names_it(tmp_path: Path) -> None:
    text = mmc_text(tmp_path, servers=9, per_year=100, mean_days=30)
    path = tmp_path / "search.toml"
    path.write_text(text + OPTION.replace("GM0344", "GM9999"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.key == "search.options[0].municipality"


def test_the_command_answers_the_search_as_json(tmp_path: Path) -> None:
    import io
    import json

    from django.core.management import call_command

    text = mmc_text(tmp_path, servers=9, per_year=100, mean_days=30, years=4, warm_up_years=1)
    path = tmp_path / "search.toml"
    path.write_text(text + OPTION.replace("max_steps = 8", "max_steps = 2"), encoding="utf-8")
    out = io.StringIO()
    call_command("simulate", str(path), "--search", "--workers", "1", stdout=out)
    answer = json.loads(out.getvalue())["search"]["answer"]
    assert set(answer) >= {"added_places", "added_total", "met", "met_at_95", "p90_days"}
    assert answer["added_total"] <= 2
