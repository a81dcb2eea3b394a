"""Validation: for M/M/c configurations the simulated mean wait and the share of arrivals who
find no place free agree with Erlang C, within the 95 % interval or 10 %, whichever is wider.

The default suite runs few replications (fast); the slow suite runs more, and
``bench/simulate.py --validate`` deeper still.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.simulation.conftest import SCENARIOS, mmc_scenario
from veiligeplek.simulation.engine import DAYS_PER_YEAR
from veiligeplek.simulation.erlang import erlang_c, mean_wait
from veiligeplek.simulation.runner import simulate
from veiligeplek.simulation.scenario import load_scenario

# (servers, arrivals per year, mean stay in days, years): utilisation 0.51 to 0.95. Near 0.95
# the queue takes years to forget that it started empty (relaxation time about
# 1 / (c mu (1 - sqrt(rho))^2), 16 years here): a longer run with a tenth as warm-up.
CONFIGURATIONS = [
    (2, 12.5, 30.0, 20),  # 0.51
    (1, 9.0, 30.0, 20),  # 0.74, M/M/1
    (5, 40.0, 30.0, 20),  # 0.66
    (20, 200.0, 33.0, 20),  # 0.90
    (8, 92.5, 30.0, 200),  # 0.95
]


def assert_agrees(figure: dict[str, Any], expected: float) -> None:
    low, high = figure["ci95"]
    tolerance = max((high - low) / 2, 0.1 * expected)
    assert abs(figure["mean"] - expected) <= tolerance, (figure, expected)


def check(result: dict[str, Any], servers: int, per_year: float, mean_days: float) -> None:
    per_day = per_year / DAYS_PER_YEAR
    res = result["results"]
    assert_agrees(res["by_category"]["wmo"]["wait_days"], mean_wait(servers, per_day, mean_days))
    assert_agrees(res["no_place_free_share"], erlang_c(servers, per_day * mean_days))


def test_erlang_c_formula_for_one_server_is_the_utilisation() -> None:
    assert erlang_c(1, 0.6) == pytest.approx(0.6)
    assert mean_wait(1, 0.5, 1.0) == pytest.approx(1.0)  # rho / (mu - lambda)


def test_the_example_of_the_issue_agrees_with_erlang_c() -> None:
    scenario = load_scenario(SCENARIOS / "mmc-check.toml").with_overrides(replications=30)
    check(simulate(scenario), 10, 100.0, 30.0)


FIELDS = ("servers", "per_year", "mean_days", "years")


@pytest.mark.parametrize(FIELDS, CONFIGURATIONS)
def test_mmc_configurations_agree_with_erlang_c(
    tmp_path: Path, servers: int, per_year: float, mean_days: float, years: int
) -> None:
    utilisation = per_year / DAYS_PER_YEAR * mean_days / servers
    assert 0.5 <= utilisation <= 0.95
    config = (servers, per_year, mean_days, years)
    check(run(tmp_path, config, replications=30 if years == 20 else 8), *config[:3])


def run(
    tmp_path: Path,
    config: tuple[int, float, float, int],
    *,
    replications: int,
    seed: int = 1,
    workers: int = 1,
) -> dict[str, Any]:
    servers, per_year, mean_days, years = config
    scenario = mmc_scenario(
        tmp_path,
        servers=servers,
        per_year=per_year,
        mean_days=mean_days,
        years=years,
        warm_up_years=years / 10,
        replications=replications,
        seed=seed,
    )
    return simulate(scenario, workers=workers)


@pytest.mark.slow
@pytest.mark.parametrize(FIELDS, CONFIGURATIONS)
def test_mmc_configurations_agree_with_erlang_c_at_depth(
    tmp_path: Path, servers: int, per_year: float, mean_days: float, years: int
) -> None:
    config = (servers, per_year, mean_days, years)
    result = run(tmp_path, config, replications=200 if years == 20 else 40, seed=3, workers=2)
    check(result, *config[:3])
