"""Same seed, same output whatever the number of workers; another seed, other samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.simulation.conftest import SCENARIOS, mmc_scenario
from veiligeplek.simulation.model import compile_model, run_replication
from veiligeplek.simulation.runner import simulate
from veiligeplek.simulation.scenario import load_scenario


def test_same_seed_gives_identical_json_with_one_and_two_workers() -> None:
    scenario = load_scenario(SCENARIOS / "huidig.toml").with_overrides(replications=5, years=3)
    one = json.dumps(simulate(scenario, workers=1), sort_keys=True)
    two = json.dumps(simulate(scenario, workers=2), sort_keys=True)
    assert one == two


def test_different_seeds_give_different_samples(tmp_path: Path) -> None:
    scenario = mmc_scenario(
        tmp_path, servers=3, per_year=50, mean_days=15, years=2, warm_up_years=0.5
    )
    model = compile_model(scenario)
    first = run_replication(model, 1, 0)
    assert run_replication(model, 1, 0).summary_by_profile == first.summary_by_profile
    assert run_replication(model, 2, 0).summary_by_profile != first.summary_by_profile
    assert run_replication(model, 1, 1).summary_by_profile != first.summary_by_profile


def test_progress_reports_every_replication_up_to_the_total(tmp_path: Path) -> None:
    scenario = mmc_scenario(
        tmp_path, servers=3, per_year=50, mean_days=15, years=2, warm_up_years=0.5, replications=7
    )
    seen: list[tuple[int, int]] = []
    simulate(scenario, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 7)
    assert seen[-1] == (7, 7)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.slow
def test_a_dask_cluster_through_joblib_gives_the_same_json(tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    from joblib import parallel_config

    scenario = mmc_scenario(tmp_path, servers=3, per_year=50, mean_days=15, years=3, replications=6)
    local = json.dumps(simulate(scenario, workers=1), sort_keys=True)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster),
        parallel_config(backend="dask"),
    ):  # fmt: skip
        on_dask = json.dumps(simulate(scenario, workers=2), sort_keys=True)
    assert on_dask == local
