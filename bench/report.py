"""Time the annual national report (PDF and XLSX) over the demo history.

Target (issue 14): generating the annual national report for the 5-year demo history in under
30 s on this machine. A SQLite database with the history is made once in ``--var`` (migrate,
load-reference-data, import-places, ``load-demo --history-years 5``; several minutes) and kept
there, so that later runs time only the report. Then, in a process of its own:

- ``command``: ``veiligeplek report --period P --scope national --format pdf`` and ``xlsx``,
  each a fresh process as a user runs it (start-up and imports included);
- in one process, each step on its own: the monitoring's refresh of the derived rows,
  ``build_report`` (the figures of the period and the previous one, capacity, maps; protected,
  as for an aggregate-only role), ``report_pdf`` and ``report_xlsx``, ``--repeat`` times.

Wall and CPU time (user + system) are printed, with the load average (``os.getloadavg``) before
and after: the machine is shared.

    .venv/bin/python bench/report.py [--var var/bench-report] [--period 2026] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from demo_env import environment  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parent.parent
VP = [sys.executable, "-m", "veiligeplek"]


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def timed(args: list[str], env: dict[str, str], **kwargs: Any) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one command in its own process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, env=env, check=True, cwd=ROOT, **kwargs)  # noqa: S603
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def prepare(var: Path, years: int) -> None:
    ready = var / "history-ready"
    if ready.exists():
        print(f"# using the history in {var}")
        return
    var.mkdir(parents=True, exist_ok=True)
    (var / "db.sqlite3").unlink(missing_ok=True)
    env = environment(var)
    for args in (
        ["migrate", "--no-input", "-v", "0"],
        ["load-reference-data"],
        ["import-places", "src/veiligeplek/data/landscape_2025.csv"],
        ["load-demo", "--history-years", str(years)],
    ):
        wall, cpu = timed([*VP, *args], env, stdout=subprocess.DEVNULL)
        print(f"# {' '.join(args):<40} {wall:7.1f} s wall {cpu:7.1f} s CPU")
    ready.write_text("made by bench/report.py\n", encoding="utf-8")


def _forget_figures() -> None:
    """No figures computed before: none kept in this process, none stored (ADR 0019)."""
    from veiligeplek.monitor import statistics

    for kept in ("_cache", "_years"):
        getattr(statistics, kept, {}).clear()
    try:
        from veiligeplek.monitor.models import StoredStatistics
    except ImportError:  # the code from before the stored answers
        return
    StoredStatistics.objects.all().delete()


def clear() -> None:
    import django

    django.setup()
    _forget_figures()


def inner(period_label: str, repeat: int) -> None:
    """In this process (Django set up from the environment): each step timed."""
    import django

    django.setup()
    from django.db import connection
    from django.utils import translation

    from veiligeplek.domain.periods import parse_period
    from veiligeplek.monitor.models import CaseFlow
    from veiligeplek.monitor.report import build_report
    from veiligeplek.monitor.report_files import report_pdf, report_xlsx
    from veiligeplek.monitor.scope import parse_scope
    from veiligeplek.monitor.services import case_flows_refresh

    period, scope = parse_period(period_label), parse_scope("national")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        cases = cursor.fetchone()[0]
    rows: list[dict[str, object]] = []

    def step(name: str, run: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        value = run()
        rows.append({"step": name, "wall_s": round(time.perf_counter() - wall, 2),
                     "cpu_s": round(time.process_time() - cpu, 2)})  # fmt: skip
        return value

    with translation.override("nl"):
        step("refresh derived rows", case_flows_refresh)
        flows = CaseFlow.objects.count()
        for _ in range(repeat):
            _forget_figures()  # each round afresh, as the worker's first report of a period
            report = step("build_report", lambda: build_report(period, scope, exact=False))
            pdf = step("report_pdf", lambda report=report: report_pdf(report))
            xlsx = step("report_xlsx", lambda report=report: report_xlsx(report))
    print(json.dumps({"cases": cases, "case_flows": flows, "pdf_bytes": len(pdf),
                      "xlsx_bytes": len(xlsx), "steps": rows}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var", type=Path, default=ROOT / "var/bench-report")
    parser.add_argument("--years", type=int, default=5, help="load-demo --history-years")
    parser.add_argument("--period", default="2026")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--clear", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.period, args.repeat)
        return
    if args.clear:
        clear()
        return
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")  # fmt: skip
    prepare(args.var.resolve(), args.years)
    env = environment(args.var.resolve())
    print(f"# load average before: {load()}")
    with tempfile.TemporaryDirectory() as out:
        for file_format in ("pdf", "xlsx"):
            # No stored figures: the report computes them, as the first of its period does.
            subprocess.run([sys.executable, __file__, "--clear"], env=env, check=True, cwd=ROOT)  # noqa: S603
            target = Path(out) / f"report.{file_format}"
            command = ["report", "--period", args.period, "--scope", "national",
                       "--format", file_format, "--out", str(target)]  # fmt: skip
            wall, cpu = timed([*VP, *command], env)
            line = {"command": f"veiligeplek {' '.join(command[:-2])}", "wall_s": round(wall, 2),
                    "cpu_s": round(cpu, 2), "bytes": target.stat().st_size,
                    "target_met": wall < 30}  # fmt: skip
            print(json.dumps(line))
    print(f"# load average between: {load()}")
    subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--inner", "--period", args.period,
         "--repeat", str(args.repeat)],
        env=env, check=True, cwd=ROOT,
    )  # fmt: skip
    print(f"# load average after: {load()}")


if __name__ == "__main__":
    main()
