"""Simulation benchmark: events per second, and 1,000 replications x 10 years of national flow.

Target (ARCHITECTURE.md): 1,000 replications of 10 years of national flow in under 60 s on
this machine's 2 cores. National flow is ``scenarios/huidig.toml`` (868 a year against the
report's landscape); the time is the wall-clock time of ``runner.simulate`` with 2 worker
processes (joblib/loky), compiling and summarising included, pool start-up included. The
machine is shared: the load average before and after is printed with the figures.

``--validate`` runs the M/M/c configurations of tests/simulation/test_erlang_c.py deeper and
prints the simulated mean wait and P(wait) next to Erlang C.

    .venv/bin/python bench/simulate.py [--replications 1000 --years 10 --workers 2] [--validate]
    .venv/bin/python bench/simulate.py --profile 20     # cProfile of 20 replications, one process
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from joblib.externals.loky import get_reusable_executor  # noqa: E402

from veiligeplek.simulation.engine import DAYS_PER_YEAR  # noqa: E402
from veiligeplek.simulation.erlang import erlang_c, mean_wait  # noqa: E402
from veiligeplek.simulation.runner import simulate  # noqa: E402
from veiligeplek.simulation.scenario import load_scenario  # noqa: E402

SCENARIOS = ROOT / "src/veiligeplek/simulation/scenarios"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def national(replications: int, years: float, workers: int) -> dict[str, object]:
    scenario = load_scenario(SCENARIOS / "huidig.toml").with_overrides(
        replications=replications, years=years
    )
    before = load()
    cpu = time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = simulate(scenario, workers=workers)
    wall = time.perf_counter() - start
    # The workers' CPU time: counted for children once they have ended and been waited for.
    get_reusable_executor().shutdown(wait=True)
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = (ended.ru_utime - children.ru_utime) + (ended.ru_stime - children.ru_stime)
    events = int(result["results"]["events"])
    return {
        "replications": replications,
        "years": years,
        "workers": workers,
        "wall_s": round(wall, 2),
        "parent_cpu_s": round(time.process_time() - cpu, 2),
        "worker_cpu_s": round(worker_cpu, 2),
        "events": events,
        "events_per_s": round(events / wall),
        "load_before": before,
        "load_after": load(),
        "target_met": wall < 60,
    }


def single_process_rate(years: float) -> dict[str, object]:
    """Events per second of one process (replications in this process, no pool)."""
    scenario = load_scenario(SCENARIOS / "huidig.toml").with_overrides(replications=40, years=years)
    cpu = time.process_time()
    result = simulate(scenario, workers=1)
    used = time.process_time() - cpu
    events = int(result["results"]["events"])
    return {"events": events, "cpu_s": round(used, 2), "events_per_cpu_s": round(events / used)}


def profile(replications: int, years: float) -> None:
    """Where the time goes: compiling (the domain's calls) and the replications, in one
    process under cProfile, the 15 functions with the most time of their own."""
    import cProfile
    import pstats

    from veiligeplek.simulation.engine import run_chunk
    from veiligeplek.simulation.model import compile_model

    scenario = load_scenario(SCENARIOS / "huidig.toml").with_overrides(years=years)
    cpu = time.process_time()
    model = compile_model(scenario)
    print(f"compile_model (every domain call): {time.process_time() - cpu:.3f} s CPU")
    profiler = cProfile.Profile()
    profiler.runcall(run_chunk, model, scenario.seed, range(replications))
    stats = pstats.Stats(profiler)
    print(f"function calls: {stats.total_calls:,}")  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(15)


def validate(workers: int) -> list[dict[str, object]]:
    sys.path.insert(0, str(ROOT))
    from tests.simulation.conftest import mmc_scenario
    from tests.simulation.test_erlang_c import CONFIGURATIONS

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for servers, per_year, mean_days, years in [(10, 100.0, 30.0, 20), *CONFIGURATIONS]:
            scenario = mmc_scenario(
                Path(tmp), servers=servers, per_year=per_year, mean_days=mean_days,
                years=years * 2, warm_up_years=years / 5, replications=400 if years == 20 else 40,
                seed=11,
            )  # fmt: skip
            res = simulate(scenario, workers=workers)["results"]
            per_day = per_year / DAYS_PER_YEAR
            rows.append(
                {
                    "servers": servers,
                    "utilisation": round(per_day * mean_days / servers, 3),
                    "wait_sim": res["wait_days"]["mean"],
                    "wait_ci95": res["wait_days"]["ci95"],
                    "wait_erlang": round(mean_wait(servers, per_day, mean_days), 3),
                    "p_wait_sim": res["no_place_free_share"]["mean"],
                    "p_wait_ci95": res["no_place_free_share"]["ci95"],
                    "p_wait_erlang": round(erlang_c(servers, per_day * mean_days), 4),
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=1000)
    parser.add_argument("--years", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--validate", action="store_true")
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile N replications")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile, args.years)
        return
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")  # fmt: skip
    if args.validate:
        for row in validate(args.workers):
            print(json.dumps(row))
        return
    print("single process:", json.dumps(single_process_rate(args.years)))
    print("national flow:", json.dumps(national(args.replications, args.years, args.workers)))


if __name__ == "__main__":
    main()
