"""How long disclosure control of one period and scope takes: ``domain.disclosure.protect`` on
a realistic catalogue, and the check ``violations`` on its result (pure Python, no database).

The catalogue has 20 tables over four populations (signals, cases, placements, declines), 1-2
dimensions each: month (12), care region (25), central municipality (43), form of exploitation
(8), gender (3), age group (2), track (2), nationality group (4), place category (6), decline
reason (5). Counts come from a synthetic year of fictitious cases: national (about 900 cases,
the report's 868 a year) and one care region (about 40 cases: many small counts, the hard
case for suppression). Same seed, same figures.

    .venv/bin/python bench/disclosure.py [--repeat 5] [--threshold 10]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from veiligeplek.domain.disclosure import CountTable, protect, violations  # noqa: E402

MONTHS = tuple(f"{m:02d}" for m in range(1, 13))
REGIONS = tuple(f"VT{n:02d}" for n in range(1, 28) if n not in (16, 26))
MUNICIPALITIES = tuple(f"GM{n:04d}" for n in range(1, 44))
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "month": MONTHS,
    "region": REGIONS,
    "municipality": MUNICIPALITIES,
    "exploitation": ("sexual", "labour", "criminal", "organ_removal", "forced_marriage",
                     "illegal_adoption", "surrogacy", "other"),
    "gender": ("female", "male", "other"),
    "age_group": ("minor", "adult"),
    "track": ("municipal", "aliens_law"),
    "nationality_group": ("nl", "eu", "third_country", "unknown"),
    "category": ("cosm", "omm", "wmo", "nla", "mannenopvang", "crisis"),
    "reason": ("full", "contra_indication", "safety", "group", "other"),
}  # fmt: skip
WEIGHTS: dict[str, tuple[float, ...]] = {
    "exploitation": (55, 25, 12, 1, 3, 1, 1, 2),
    "gender": (70, 28, 2),
    "age_group": (15, 85),
    "track": (55, 45),
    "nationality_group": (30, 25, 40, 5),
    "category": (30, 20, 25, 10, 10, 5),
    "reason": (50, 20, 10, 15, 5),
}
CATALOGUE: dict[str, tuple[tuple[str, ...], ...]] = {
    "signals": (("month",), ("region",), ("exploitation",)),
    "cases": (
        ("month",), ("region",), ("municipality",), ("region", "exploitation"),
        ("region", "gender"), ("month", "exploitation"), ("exploitation", "gender"),
        ("age_group", "track"), ("nationality_group", "exploitation"), ("region", "track"),
    ),
    "placements": (("month",), ("category",), ("region", "category"), ("category", "track")),
    "declines": (("reason",), ("category", "reason"), ("region", "reason")),
}  # fmt: skip


def units(rng: random.Random, count: int, dims: Sequence[str]) -> list[dict[str, str]]:
    """Fictitious units with every dimension drawn; regions weighted towards the Randstad."""
    region_weights = [6 if r in ("VT13", "VT14", "VT15", "VT17", "VT18") else 1 for r in REGIONS]
    out = []
    for _ in range(count):
        unit = {}
        for d in dims:
            if d == "region":
                unit[d] = rng.choices(REGIONS, region_weights)[0]
            elif d in WEIGHTS:
                unit[d] = rng.choices(DIMENSIONS[d], WEIGHTS[d])[0]
            else:
                unit[d] = rng.choice(DIMENSIONS[d])
        out.append(unit)
    return out


def catalogue(rng: random.Random, cases: int) -> list[CountTable]:
    sizes = {"signals": cases * 11 // 10, "cases": cases, "placements": cases * 6 // 10,
             "declines": cases * 8 // 10}  # fmt: skip
    tables = []
    for population, shapes in CATALOGUE.items():
        dims = sorted({d for shape in shapes for d in shape})
        drawn = units(rng, sizes[population], dims)
        for shape in shapes:
            counts = Counter(tuple(u[d] for d in shape) for u in drawn)
            tables.append(
                CountTable(
                    f"{population}_by_{'_and_'.join(shape)}",
                    population,
                    shape,
                    tuple(DIMENSIONS[d] for d in shape),
                    dict(counts),
                )
            )
    return tables


def measure(tables: list[CountTable], *, threshold: int, repeat: int) -> dict[str, object]:
    protect_times, protect_cpu, check_times = [], [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        published = protect(tables, threshold=threshold)
        protect_times.append(time.perf_counter() - start)
        protect_cpu.append(time.process_time() - cpu)
        start = time.perf_counter()
        found = violations(published, threshold=threshold)
        check_times.append(time.perf_counter() - start)
        assert found == [], found
    cells = [c for p in published for c in p.cells]
    return {
        "tables": len(tables),
        "cells": len(cells),
        "suppressed": sum(c.count is None for c in cells),
        "small_counts": sum(1 for t in tables for n in t.counts.values() if 0 < n < threshold),
        "protect_s_median": round(statistics.median(protect_times), 3),
        "protect_s_max": round(max(protect_times), 3),
        "protect_cpu_s_median": round(statistics.median(protect_cpu), 3),
        "violations_s_median": round(statistics.median(check_times), 3),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threshold", type=int, default=10)
    args = parser.parse_args(argv)
    rng = random.Random(20261201)
    for scope, cases in (("national", 900), ("one care region", 40)):
        result = measure(catalogue(rng, cases), threshold=args.threshold, repeat=args.repeat)
        print(json.dumps({"scope": scope, "cases": cases, **result}))


if __name__ == "__main__":
    main()
