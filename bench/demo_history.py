"""Time ``load-demo --history-years N`` on a fresh SQLite database and count what it made.

    .venv/bin/python bench/demo_history.py [--years 5] [--seed S]

Runs, each in its own process as ``make run`` does: migrate, load-reference-data,
import-places, then load-demo with the history (timed: wall clock and CPU), then prints the
counts per year of each figure family of the monitoring (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from demo_env import environment  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parent.parent
VP = [sys.executable, "-m", "veiligeplek"]


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one command in its own process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([*VP, *args], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=None)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="vp-history-"))
    env = environment(folder)
    setup = [
        ["migrate", "--no-input", "-v", "0"],
        ["load-reference-data"],
        ["import-places", "src/veiligeplek/data/landscape_2025.csv"],
    ]
    for args in setup:
        wall, cpu = _run(args, env)
        print(f"{' '.join(args[:1]):<22} {wall:6.1f} s wall {cpu:6.1f} s CPU")
    demo = ["load-demo", "--history-years", str(options.years)]
    if options.seed is not None:
        demo += ["--seed", str(options.seed)]
    wall, cpu = _run(demo, env)
    print(f"{' '.join(demo):<22} {wall:6.1f} s wall {cpu:6.1f} s CPU")
    wall, cpu = _run(demo, env)
    print(f"again (skips)          {wall:6.1f} s wall {cpu:6.1f} s CPU")
    os.environ.update(env)
    _print_counts()


def _print_counts() -> None:
    import django

    sys.path.insert(0, str(ROOT / "bench"))
    django.setup()
    from history_counts import counts_per_year  # type: ignore[import-not-found]

    table = counts_per_year()
    years = sorted({year for row in table.values() for year in row})
    print(f"\n{'figure':<34}" + "".join(f"{y:>8}" for y in years))
    for name, row in table.items():
        print(f"{name:<34}" + "".join(f"{row.get(y, 0):>8}" for y in years))
    _time_protection(years)


def _time_protection(years: list[int]) -> None:
    """What the worker spends on the history's figures: each year's national answer for an
    aggregate-only reader (the year protected by quarter, ADR 0010), then the first figures
    that load-demo queued for the demo users (``statistics_warm``)."""
    from django_tasks_db.models import DBTaskResult

    from veiligeplek.domain.periods import year
    from veiligeplek.monitor import statistics as s
    from veiligeplek.monitor.scope import parse_scope
    from veiligeplek.monitor.services import case_flows_refresh

    print()
    case_flows_refresh()  # as every reader does first (the history's flows, derived once)
    for number in years:
        started, cpu = time.perf_counter(), time.process_time()
        s._compute(year(number), parse_scope("national"), exact=False, limit=s.threshold())
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"national answer {number}, protected {wall:6.1f} s wall {cpu:6.1f} s CPU")
    _time_regions(years[0])
    queued = DBTaskResult.objects.filter(task_path=s.statistics_warm.module_path).first()
    if queued is not None:
        answers = queued.args_kwargs["args"][0]
        s._years.clear()
        started = time.perf_counter()
        s.statistics_warm.call(answers)
        wall = time.perf_counter() - started
        print(f"the demo users' first figures ({len(answers)} answers) {wall:6.1f} s wall")


def _time_regions(number: int) -> None:
    """Each care region's answer for an aggregate-only reader of the year (the national one
    kept): protected against the national figures as published (``protect_part``, ADR 0010)."""
    import statistics

    from veiligeplek.domain.periods import year
    from veiligeplek.monitor import statistics as s
    from veiligeplek.monitor.scope import parse_scope

    walls, whole, shown = [], 0, 0
    for code in parse_scope("national").regions:
        started = time.perf_counter()
        answer = s._compute(year(number), parse_scope(code), exact=False, limit=s.threshold())
        walls.append(time.perf_counter() - started)
        tables = [t for t in answer.tables if t.cells]
        whole += any(all(c.count is None for c in t.cells) for t in tables)
        shown += sum(1 for t in tables for c in t.cells if c.count)
    print(
        f"region answers {number} ({len(walls)}), against the national: median "
        f"{statistics.median(walls):.1f} s, max {max(walls):.1f} s wall; {whole} with every "
        f"cell of a table hidden; {shown} non-zero cells shown in all"
    )


if __name__ == "__main__":
    main()
