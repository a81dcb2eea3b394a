"""Across scopes (ADR 0010): what a reader of a region's figures and the national ones learns
from the two together, and what protecting them together costs. On a demo database with its
history (``make run`` makes one: ``var/veiligeplek.sqlite3``):

    DEBUG=true DATABASE_URL=sqlite:///var/veiligeplek.sqlite3 \\
        .venv/bin/python bench/scopes.py --year 2025 [--regions VT01,VT13] [--joint]

Per region, for the year by quarter (the catalogue the answers are slices of):

- ``apart``: the region protected on its own (as before 2026-12-02), audited together with the
  national figures (``part_violations``): the cells the two give away;
- ``part``: ``protect_part`` against the national figures, its time, the same audit, and the
  non-zero cells each shows.

``--joint``: every table of the national catalogue once more with a region dimension (the
regions as slices of one protection, which would also cover a reader of every region), its
protection and audit timed once. Slow: on the demo history about a quarter of an hour.
``--joint-year``: the same with only the regions' years (the national tables by quarter).

``--parts``: every region's year at once against the national figures as published
(``disclosure.protect_parts`` over ``figures.count_tables_by_region``), for a reader of any
number of regions: its time, the regions hidden whole, the counts each region shows, and the
audit of everything read together.

``--slices``: the regions as slices of one national publication (``disclosure.restrict``), as
every reader of any number of regions could get them at no cost of their own: the counts they
show today, and with the national catalogue widened by a region table per population and
dimension (protected from scratch, timed).

``--alone``: per region (``--regions``), its counts of 1 to 9 that the national figures
alone pin (``disclosure.given_away_by_whole``), for a national catalogue with region
tables (ADR 0010: region margins with the national zeros can).

``--rounds``: a line per round of the greedy secondary suppression (cells to check, still
narrow, cells added, seconds), to see where a protection spends its time. ``--quarters``:
``--parts`` with every region's quarters as well as its year.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--regions", default="", help="comma-separated (default: every one)")
    parser.add_argument("--joint", action="store_true")
    parser.add_argument("--joint-year", action="store_true", help="--joint, regions by year")
    parser.add_argument("--parts", action="store_true", help="only every region at once")
    parser.add_argument(
        "--rounds", action="store_true", help="a line per round of the greedy suppression"
    )
    parser.add_argument("--quarters", action="store_true", help="--parts with each quarter")
    parser.add_argument(
        "--alone", action="store_true", help="what the national figures alone pin of a region"
    )
    parser.add_argument(
        "--slices", action="store_true", help="regions as slices of a wider national catalogue"
    )
    options = parser.parse_args()
    if options.rounds:
        import logging

        logging.basicConfig(format="%(asctime)s %(message)s")
        logging.getLogger("veiligeplek.domain.disclosure").setLevel(logging.DEBUG)
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligeplek.conf.settings.base")
    import django

    django.setup()
    from veiligeplek.domain import disclosure
    from veiligeplek.monitor import figures as f
    from veiligeplek.monitor.scope import parse_scope
    from veiligeplek.monitor.services import case_flows_refresh

    case_flows_refresh()
    rules: dict[str, Any] = {"hierarchies": f.LINKS, "implications": f.IMPLICATIONS}
    national = parse_scope("national")
    counts = f.count_tables_by_quarter(options.year, national)
    started = time.perf_counter()
    published = disclosure.protect(counts, **rules)
    print(f"national {options.year}: protected in {time.perf_counter() - started:.1f} s")
    if options.alone:
        codes = options.regions.split(",") if options.regions else national.regions
        _alone(options.year, counts, published, codes, rules)
        return
    if options.slices:
        _slices(options.year, counts, published, rules)
        return
    if options.parts or options.joint_year:  # these alone, without the rows per region
        if options.joint_year:
            _joint(options.year, counts, rules, by_quarter=False)
        if options.parts:
            _parts(options.year, counts, published, rules, by_quarter=options.quarters)
        return
    codes = options.regions.split(",") if options.regions else national.regions
    print(f"{'region':<8}{'cases':>6}{'apart: given away':>19}{'shown':>7}"
          f"{'part: s':>9}{'given away':>11}{'shown':>7}  hidden whole")  # fmt: skip
    for code in codes:
        own = {"region": (code,)}
        mine = f.count_tables_by_quarter(options.year, national, part=parse_scope(code))
        rest = disclosure.rest_of(counts, mine)
        apart = disclosure.protect(mine, **rules)
        started = time.perf_counter()
        part = disclosure.protect_part(counts, mine, published, all_in_part=own, **rules)
        seconds = time.perf_counter() - started
        row = [code, sum(mine[0].counts.values())]
        for answer in (apart, part):
            away = disclosure.part_violations(published, answer, rest, all_in_part=own, **rules)
            row += [len(away), sum(1 for t in answer for c in t.cells if c.count)]
        populations = sorted(
            {t.table.population for t in part if all(c.count is None for c in t.cells)}
        )
        print(f"{row[0]:<8}{row[1]:>6}{row[2]:>19}{row[3]:>7}{seconds:>9.1f}{row[4]:>11}"
              f"{row[5]:>7}  {', '.join(populations) or '-'}", flush=True)  # fmt: skip
    if options.joint:
        _joint(options.year, counts, rules, by_quarter=True)


def _joint(year: int, counts: list[Any], rules: dict[str, Any], *, by_quarter: bool) -> None:
    from veiligeplek.monitor import figures as f
    from veiligeplek.monitor.scope import parse_scope

    regions = f.count_tables_by_region(counts, year, parse_scope("national"), by_quarter=by_quarter)
    _protect_and_audit(counts + regions, rules)


def _protect_and_audit(catalogue: list[Any], rules: dict[str, Any]) -> None:
    from veiligeplek.domain import disclosure

    cells = sum(len(p.cells) for p in disclosure.exact(catalogue))
    started = time.perf_counter()
    published = disclosure.protect(catalogue, **rules)
    protected = time.perf_counter() - started
    started = time.perf_counter()
    found = disclosure.violations(published, **rules)
    print(
        f"\njoint: {len(catalogue)} tables, {cells} cells; protected in {protected:.0f} s, "
        f"audited in {time.perf_counter() - started:.0f} s; {len(found)} violations"
    )


def _parts(
    year: int, counts: list[Any], published: Any, rules: dict[str, Any], *, by_quarter: bool
) -> None:
    from veiligeplek.domain import disclosure
    from veiligeplek.monitor import figures as f
    from veiligeplek.monitor.scope import parse_scope

    national = parse_scope("national")
    parts = f.count_tables_by_region(counts, year, national, by_quarter=by_quarter)
    started = time.perf_counter()
    answer, dark = disclosure.protect_parts(
        counts, published, parts, unseen={f.REGION: (f.UNKNOWN,)}, **rules
    )
    seconds = time.perf_counter() - started
    print(f"\nevery region at once: {sum(len(p.cells) for p in answer)} cells in {seconds:.1f} s")
    print(f"hidden whole: {', '.join(sorted(f'{v} ({p})' for p, _d, v in dark)) or '-'}")
    for code in national.regions:
        mine = disclosure.restrict(answer, dimension=f.REGION, value=code)
        shown = sum(1 for t in mine for c in t.cells if c.count)
        print(f"{code:<8}shown {shown:>5}", flush=True)
    started = time.perf_counter()
    found = disclosure.parts_violations(
        published, answer, parts, dark, unseen={f.REGION: (f.UNKNOWN,)}, **rules
    )
    print(f"audited in {time.perf_counter() - started:.0f} s: {len(found)} violations")


def _alone(
    year: int, counts: list[Any], published: Any, codes: Sequence[str], rules: dict[str, Any]
) -> None:
    """Per region: its cells counting 1 to 9 that the national publication alone narrows
    below the threshold (``given_away_by_whole``: the region's tables show only that it has
    nobody in the other regions' rows)."""
    from veiligeplek.domain import disclosure
    from veiligeplek.monitor import figures as f
    from veiligeplek.monitor.scope import parse_scope

    national = parse_scope("national")
    for code in codes:
        truth = f.count_tables_by_quarter(year, national, part=parse_scope(code))
        started = time.perf_counter()
        found = disclosure.given_away_by_whole(
            published, counts, truth, all_in_part={f.REGION: (code,)}, **rules
        )
        print(
            f"{code}: {len(found)} of its counts of 1-9 pinned by the national figures alone "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )


def _slices(year: int, counts: list[Any], published: Any, rules: dict[str, Any]) -> None:
    """The regions as slices of one national publication: what they show today (the national
    tables with a region dimension), and with the catalogue widened by a region table per
    population and dimension (region x that dimension, by quarter), protected from scratch."""
    from veiligeplek.domain import disclosure
    from veiligeplek.monitor import figures as f
    from veiligeplek.monitor.scope import parse_scope

    national = parse_scope("national")

    def shown(answer: Any) -> str:
        per = []
        for code in national.regions:
            mine = disclosure.restrict(answer, dimension=f.REGION, value=code)
            per.append(sum(1 for t in mine for c in t.cells if c.count))
        return f"non-zero counts per region {min(per)}-{max(per)}, {sum(per)} in all"

    print(f"\nslices of today's national publication: {shown(published)}")
    wide = list(counts)
    for t in f.count_tables_by_region(counts, year, national, by_quarter=True):
        # (region, quarter, a, b) -> (quarter, region, a): one table per population and a
        shape = (t.population, (t.dimensions[1], f.REGION, t.dimensions[2]))
        if any((w.population, w.dimensions) == shape for w in wide):
            continue
        dimension = t.dimensions[2]
        margin: dict[tuple[str, ...], int] = {}
        for key, n in t.counts.items():
            margin[(key[1], key[0], key[2])] = margin.get((key[1], key[0], key[2]), 0) + n
        wide.append(
            disclosure.CountTable(
                f"{t.population}_by_region_and_{dimension}", t.population,
                (t.dimensions[1], f.REGION, dimension), (t.values[1], t.values[0], t.values[2]),
                margin,
            )
        )  # fmt: skip
    cells = sum(len(p.cells) for p in disclosure.exact(wide))
    started = time.perf_counter()
    widened = disclosure.protect(wide, **rules)
    print(
        f"widened: {len(wide)} tables, {cells} cells, protected in "
        f"{time.perf_counter() - started:.0f} s; slices: {shown(widened)}",
        flush=True,
    )
    started = time.perf_counter()
    found = disclosure.violations(widened, **rules)
    print(f"audited in {time.perf_counter() - started:.0f} s: {len(found)} violations")


if __name__ == "__main__":
    main()
