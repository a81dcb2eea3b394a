"""`make bench`: run every benchmark in ``bench/`` and rewrite its section of docs/benchmarks.md.

Each benchmark owns one generated section, between ``<!-- bench:NAME -->`` and
``<!-- /bench:NAME -->`` (appended under "Latest `make bench` run" the first time): the command,
the date, the load average at its start, the wall time and the benchmark's own output (its
figures). The machine block at the top of that part is rewritten on every run. Everything else
in the file — the hand-written sections with their analysis, figures and commands — is kept as
it is. A benchmark that needs PostgreSQL is skipped (and says so in its section) without a
PostgreSQL ``DATABASE_URL``. ``bench/load.py`` (the locust load test) is run when it exists.

    DATABASE_URL=postgres://… .venv/bin/python bench/run_all.py [--only match,disclosure]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
PART = "## Latest `make bench` run (generated: `make bench` rewrites this part)"
MACHINE = ("<!-- bench:machine -->", "<!-- /bench:machine -->")
OUTPUT_LINES = 60


@dataclass(frozen=True)
class Bench:
    name: str
    args: tuple[str, ...]
    postgres: bool = False
    timeout: int = 3600


BENCHES = (
    Bench("match", ("bench/match.py",), postgres=True),
    Bench("contention", ("bench/contention.py", "--attempts", "100", "--beds", "3"), True),
    Bench("match_steps", ("bench/match_steps.py",), postgres=True),
    Bench("disclosure", ("bench/disclosure.py", "--repeat", "5")),
    Bench("demo_history", ("bench/demo_history.py", "--years", "5")),
    Bench("simulate", ("bench/simulate.py",)),
    Bench("report", ("bench/report.py",)),
    Bench("monitor", ("bench/monitor.py",), postgres=True, timeout=7200),
    Bench("load", ("bench/load.py",), postgres=True),
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    info = Path("/proc/cpuinfo")
    if info.exists():
        names = re.findall(r"model name\s*:\s*(.+)", info.read_text(encoding="utf-8"))
        cpu = names[0] if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.findall(r"MemTotal:\s+(\d+)", meminfo.read_text(encoding="utf-8"))[0])
        memory = f"{kb / 1024 / 1024:.0f} GB"
    rows = [
        ("Date", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("Memory", memory),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("PostgreSQL", postgres_version() or "not used (no PostgreSQL DATABASE_URL)"),
        ("Load average at start", load()),
    ]
    return "\n".join(["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


def postgres_version() -> str:
    if not postgres_url():
        return ""
    import psycopg

    with psycopg.connect(postgres_url().replace("postgres://", "postgresql://", 1)) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else ""


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(bench: Bench) -> str:
    command = " ".join((".venv/bin/python", *bench.args))
    if bench.postgres:
        command = f"DATABASE_URL=postgres://… {command}"
    head = [f"### `{bench.name}`", "", f"    {command}", ""]
    if not (ROOT / bench.args[0]).exists():
        return "\n".join([*head, f"Not run: `{bench.args[0]}` does not exist yet."])
    if bench.postgres and not postgres_url():
        return "\n".join([*head, "Not run: needs a PostgreSQL `DATABASE_URL`."])
    at, before = dt.datetime.now(dt.UTC), load()
    started = time.monotonic()
    print(f"== {bench.name}: {command}", flush=True)
    try:
        result = subprocess.run(  # noqa: S603
            [sys.executable, *bench.args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # in the order written: a benchmark's summary stays last
            text=True,
            timeout=bench.timeout,
            check=False,
        )
        output, status = result.stdout, f"exit {result.returncode}"
    except subprocess.TimeoutExpired as expired:
        output, status = str(expired.stdout or ""), f"stopped after {bench.timeout} s"
    wall = time.monotonic() - started
    lines = output.strip().splitlines()
    shown = lines[-OUTPUT_LINES:]
    cut = [f"({len(lines) - len(shown)} earlier lines left out)"] if len(lines) > len(shown) else []
    print(f"   {status}, {wall:.0f} s", flush=True)
    return "\n".join(
        [
            *head,
            f"{at:%Y-%m-%d %H:%M} UTC, load average at start {before}, {wall:.0f} s wall, "
            f"{status}.",
            "",
            "```text",
            *cut,
            *shown,
            "```",
        ]
    )


def replace(text: str, start: str, end: str, body: str) -> str:
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        return before + block + rest.split(end, 1)[1]
    if PART not in text:
        text = text.rstrip("\n") + f"\n\n{PART}\n"
    return text.rstrip("\n") + f"\n\n{block}\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="", help="comma-separated names (default: all)")
    args = parser.parse_args()
    wanted = {n for n in args.only.split(",") if n}
    unknown = wanted - {b.name for b in BENCHES}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    text = DOC.read_text(encoding="utf-8")
    text = replace(text, *MACHINE, machine())
    for bench in BENCHES:
        if wanted and bench.name not in wanted:
            continue
        section = run(bench)
        start, end = f"<!-- bench:{bench.name} -->", f"<!-- /bench:{bench.name} -->"
        text = replace(text, start, end, section)
        DOC.write_text(text, encoding="utf-8")  # after each, so that a long run keeps its part
    DOC.write_text(text, encoding="utf-8")
    print(f"Wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
