"""Where the time of one match through the API goes: its steps timed one by one, in process.

Diagnostic, beside ``bench/match.py`` (which measures the target through HTTP): the steps of
``POST /api/v1/matches`` (``api/matching.py``) called in order for cases of the mix, against a
fresh PostgreSQL database with the 100x landscape (as ``bench/match.py --sections api``),
without the framework, the token check and HTTP. Medians and p95 per step, in milliseconds.

    DATABASE_URL=postgres://postgres@127.0.0.1:55999/veiligeplek \\
        .venv/bin/python bench/match_steps.py
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.landscape import case_mix  # noqa: E402
from bench.match import TODAY, bench_database, machine, percentiles  # noqa: E402

STEPS = ("routing", "holds", "registry", "match", "json")


def measure(count: int, *, freeze: bool = True) -> dict[str, Any]:
    from django.conf import settings
    from django.utils import timezone

    from veiligeplek.cases.routing import routing_decide
    from veiligeplek.cases.services.holds import active_holds
    from veiligeplek.domain.matching import match_table
    from veiligeplek.registry.matching_cache import place_table_for_matching

    durations: dict[str, list[float]] = {step: [] for step in STEPS}

    @contextmanager
    def clock(step: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        durations[step].append(time.perf_counter() - started)

    cases = list(case_mix(count, today=TODAY))
    if freeze:
        gc.freeze()  # as the web process does (conf/wsgi.py)
    for warming in (True, False):
        for data in cases[: min(20, count)] if warming else cases:
            now = timezone.now()
            with clock("routing"):
                routed = routing_decide(data, today=timezone.localdate())
            with clock("holds"):
                holds = active_holds(now=now)
            with clock("registry"):
                table, live = place_table_for_matching(holds=holds, with_phone=True)
            with clock("match"):
                result = match_table(
                    routed.facts,
                    routed.decision,
                    table,
                    live,
                    regions=routed.regions,
                    now=now,
                    stale_after=settings.AVAILABILITY_STALE_AFTER,
                )
            with clock("json"):
                result.to_json(with_phone=True)
        if warming:
            for measured in durations.values():
                measured.clear()
    steps = {step: percentiles(durations[step]) for step in STEPS}
    total = [sum(durations[step][i] for step in STEPS) for i in range(len(cases))]
    return {"steps": steps, "sum_of_steps": percentiles(total)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--scale", type=int, default=100)
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("DATABASE_URL must point to PostgreSQL", file=sys.stderr)
        return 2
    report: dict[str, Any] = {"machine": machine(), "scale": args.scale}
    with bench_database(url, args.scale) as _:
        report |= measure(args.cases)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
