"""Monitoring benchmark: the catalogue's queries over 1,000,000 synthetic cases on PostgreSQL.

Target (ARCHITECTURE.md): every dashboard query and every statistics API call of the catalogue,
national and for one region, for one year: p95 under 300 ms.

A fresh database next to ``DATABASE_URL`` (``veiligeplek_bench_monitor_<pid>``, dropped
afterwards unless ``--keep``) gets the reference data, the report's landscape and N synthetic
cases spread over five years (2022–2026), each with its signal, pick-up, routing, referral,
placement or waiting/ad hoc events, its declined referrals, waiting-list entries and ad hoc
placements, and its derived ``CaseFlow`` row, bulk-loaded with COPY (not through the services).
Then, for 2026, national and for one region:

- ``table``: each catalogue table's count query on its own (what one dashboard section runs);
- ``catalogue``: the whole statistics answer (every table, every figure, the disclosure control
  for an aggregate-only role), computed afresh each time (the per-process cache bypassed);
- ``api``: ``GET /api/v1/statistics`` through Django's test client: computed afresh (no stored
  answer: what the worker's keeper, or a reader after the age limit, spends), the stored answer
  (the per-process cache bypassed: another process, ADR 0019) and the answer kept in the process.

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres .venv/bin/python bench/monitor.py

``--into NAME`` loads into an existing empty database instead (kept), ``--reuse NAME``
measures a loaded one again. The monthly summary (ADR 0015) is filled from the loaded
``CaseFlow`` rows after loading.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_PASSWORD = "bench-only-not-a-secret"  # noqa: S105 - throwaway database, dropped afterwards
LOCAL = ZoneInfo("Europe/Amsterdam")  # as the app derives signal_month
YEARS = (2022, 2023, 2024, 2025, 2026)
STEPS = ("signal", "routed", "picked_up", "referred", "accepted", "placed_suitably")


def percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)

    def rank(q: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {"n": len(ordered), "p50_ms": rank(0.5), "p95_ms": rank(0.95), "max_ms": rank(1.0)}


def setup_database(base_url: str) -> str:
    """Create a fresh database next to ``base_url`` and point Django at it."""
    import psycopg

    name = f"veiligeplek_bench_monitor_{os.getpid()}"
    parts = urlsplit(base_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    return name


def drop_database(base_url: str, name: str) -> None:
    import psycopg

    parts = urlsplit(base_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligeplek.conf.settings.base")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


class Synthetic:
    """N cases with a plausible mix; arrays indexed by case."""

    def __init__(self, n: int, seed: int, municipalities: list[tuple[str, str, str]]) -> None:
        rng = np.random.default_rng(seed)
        self.n = n
        weights = np.array(
            [5.0 if m[1] in {"VT01", "VT18", "VT09", "VT24"} else 1.0 for m in municipalities]
        )
        self.muni = rng.choice(len(municipalities), size=n, p=weights / weights.sum())
        self.municipalities = municipalities
        start = dt.datetime(YEARS[0], 1, 1, tzinfo=dt.UTC).timestamp()
        end = dt.datetime(YEARS[-1], 12, 31, tzinfo=dt.UTC).timestamp()
        self.signal = rng.uniform(start, end, size=n)
        self.step = rng.choice(6, size=n, p=[0.04, 0.06, 0.15, 0.1, 0.05, 0.6])
        self.outcome = rng.choice(3, size=n, p=[0.4, 0.45, 0.15])
        self.exploitation = rng.choice(
            ["sexual", "labour", "criminal", "other", "multiple"],
            size=n,
            p=[0.5, 0.25, 0.12, 0.05, 0.08],
        )
        self.gender = rng.choice(
            ["female", "male", "other", "unknown"], size=n, p=[0.6, 0.35, 0.02, 0.03]
        )
        self.age = rng.choice(["adult", "minor", "unknown"], size=n, p=[0.85, 0.12, 0.03])
        self.nationality = rng.choice(
            ["nl", "eu", "third_country", "unknown"], size=n, p=[0.3, 0.25, 0.4, 0.05]
        )
        self.track = np.where(np.isin(self.nationality, ["nl", "eu"]), "municipal", "aliens_law")
        self.category = rng.choice(
            ["cosm", "omm", "wmo", "nla", "mannenopvang"], size=n, p=[0.35, 0.2, 0.25, 0.1, 0.1]
        )
        self.gap = self.exploitation == "criminal"
        # The gap profile as domain.monitoring.gap_profile derives it (first match; no
        # children in the synthetic facts): the disclosure check relies on its implications.
        self.profile = np.select(
            [self.gap, self.age == "minor", self.gender == "male"],
            ["criminal", "minor", "men"],
            default="other",
        )
        self.step = np.where(self.gap, np.minimum(self.step, 2), self.step)
        self.delays = rng.exponential([0.2, 0.5, 3.0, 0.2, 8.0], size=(n, 5)).cumsum(axis=1)
        self.ad_hoc = self.gap | (rng.random(n) < 0.15)
        self.waiting = rng.random(n) < 0.2
        self.declines = rng.poisson(0.6, size=n)
        self.distance = rng.gamma(2.0, 30.0, size=n)
        self.outside = rng.random(n) < 0.4


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, tz=dt.UTC).isoformat()


def load(data: Synthetic, user_id: int, groups: list[tuple[int, str]]) -> None:
    """COPY the cases, their events, referrals, waits, ad hoc stays and flows."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    regions = {code: (region, central, unit) for code, region, central, unit in _areas()}
    with raw.cursor() as cur:
        _copy(
            cur,
            "cases_case",
            (
                "id",
                "number",
                "status",
                "urgency",
                "facts",
                "track",
                "responsible_municipality",
                "care_region_code",
                "placement_authority",
                "case_owner",
                "place_categories",
                "national_gap",
                "created_at",
                "created_by_id",
                "is_demo",
            ),
            _case_rows(data, user_id, regions),
        )
        _copy(
            cur,
            "cases_timelineevent",
            ("case_id", "at", "kind", "actor_id", "actor_organisation", "detail"),
            _event_rows(data),
        )
        _copy(
            cur,
            "cases_referral",
            (
                "case_id",
                "group_id",
                "status",
                "referred_at",
                "referred_by_id",
                "override_reason",
                "responded_at",
                "decline_reason",
                "decline_text",
            ),
            _decline_rows(data, user_id, groups),
        )
        _copy(
            cur,
            "cases_waitinglistentry",
            ("case_id", "category", "added_at", "added_by_id", "removed_at", "removal_reason"),
            _wait_rows(data, user_id),
        )
        _copy(
            cur,
            "cases_adhocplacement",
            (
                "case_id",
                "kind",
                "municipality",
                "reason",
                "started_at",
                "ended_at",
                "created_by_id",
            ),
            _ad_hoc_rows(data, user_id),
        )
        _copy(cur, "monitor_caseflow", _FLOW_COLUMNS, _flow_rows(data, regions))
        cur.execute("SELECT setval(pg_get_serial_sequence('cases_case', 'id'), %s)", (data.n,))
        cur.execute(
            "INSERT INTO monitor_flowwatermark (id, last_event_id, version, token) "
            "SELECT 1, COALESCE(MAX(id), 0), 1, gen_random_uuid() FROM cases_timelineevent"
        )
    raw.commit()
    summarise()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def summarise() -> None:
    """Fill the monthly summary from the loaded CaseFlow rows (as the refresh does after the
    summary's migration); absent in code from before the summary."""
    try:
        from veiligeplek.monitor import summary
    except ImportError:
        return
    started = time.perf_counter()
    rows = summary.flow_counts_rebuild()
    print(f"  summary: {rows:,} rows in {time.perf_counter() - started:.1f} s", flush=True)


def _areas() -> Iterator[tuple[str, str, str, str]]:
    from veiligeplek.monitor.scope import regions_now

    table = regions_now()
    for code, m in table.municipalities.items():
        region = table.regions.get(m.care_region)
        yield code, m.care_region, region.central_municipality if region else "", m.police_unit


def _copy(cur: Any, table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> None:
    started = time.perf_counter()
    count = 0
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    print(f"  COPY {table}: {count:,} rows in {time.perf_counter() - started:.1f} s", flush=True)


def _case_rows(
    data: Synthetic, user_id: int, regions: dict[str, tuple[str, str, str]]
) -> Iterator[tuple[Any, ...]]:
    for i in range(data.n):
        code = data.municipalities[data.muni[i]][0]
        facts = json.dumps(
            {"found_municipality": code, "exploitation": [str(data.exploitation[i])]}
        )
        category = str(data.category[i])
        yield (
            i + 1,
            f"VP-B{i:07d}",
            "closed" if data.outcome[i] else "searching",
            "normal",
            facts,
            str(data.track[i]),
            code,
            regions[code][0],
            "comensha",
            "comensha",
            json.dumps([] if data.gap[i] else [category]),
            bool(data.gap[i]),
            _iso(data.signal[i]),
            user_id,
            True,
        )


def _event_rows(data: Synthetic) -> Iterator[tuple[Any, ...]]:
    kinds = ("routed", "picked_up", "referred", "accepted", "placed")
    for i in range(data.n):
        yield (i + 1, _iso(data.signal[i]), "signal", None, "bench", "{}")
        for k in range(int(data.step[i])):
            detail = {"suitable": True, "category": str(data.category[i])} if k == 4 else {}
            at = data.signal[i] + 86_400 * data.delays[i, k]
            yield (i + 1, _iso(at), kinds[k], None, "bench", json.dumps(detail))
        if data.ad_hoc[i]:
            yield (i + 1, _iso(data.signal[i] + 3600), "ad_hoc", None, "bench", "{}")
        if data.outcome[i]:
            reason = "dropped_out" if data.outcome[i] == 2 else "not_needed"
            at = data.signal[i] + 86_400 * (data.delays[i, 4] + 60)
            yield (i + 1, _iso(at), "closed", None, "bench", json.dumps({"reason": reason}))


def _decline_rows(
    data: Synthetic, user_id: int, groups: list[tuple[int, str]]
) -> Iterator[tuple[Any, ...]]:
    reasons = ("full", "contra_indication", "safety", "group", "other")
    for i in range(data.n):
        for j in range(int(data.declines[i])):
            group = groups[(i + j) % len(groups)][0]
            at = data.signal[i] + 86_400 * (data.delays[i, 2] + j * 0.1)
            yield (
                i + 1,
                group,
                "declined",
                _iso(at),
                user_id,
                "",
                _iso(at + 3600),
                reasons[(i + j) % 5],
                "",
            )


def _wait_rows(data: Synthetic, user_id: int) -> Iterator[tuple[Any, ...]]:
    for i in np.flatnonzero(data.waiting):
        at = data.signal[i] + 86_400 * data.delays[i, 1]
        placed = data.step[i] == 5
        removed = _iso(data.signal[i] + 86_400 * data.delays[i, 4]) if placed else None
        yield (
            int(i) + 1,
            str(data.category[i]),
            _iso(at),
            user_id,
            removed,
            "geplaatst" if placed else "",
        )


def _ad_hoc_rows(data: Synthetic, user_id: int) -> Iterator[tuple[Any, ...]]:
    for i in np.flatnonzero(data.ad_hoc):
        code = data.municipalities[data.muni[i]][0]
        start = data.signal[i] + 3600
        yield (int(i) + 1, "hotel", code, "bench", _iso(start), _iso(start + 86_400 * 12), user_id)


_FLOW_COLUMNS = (
    "case_id",
    "signal_at",
    "signal_month",
    "routed_at",
    "picked_up_at",
    "referred_at",
    "accepted_at",
    "first_placement_at",
    "suitable_placement_at",
    "ad_hoc_at",
    "waiting_at",
    "closed_at",
    "step",
    "outcome",
    "shelter",
    "region",
    "central_municipality",
    "police_unit",
    "found_municipality",
    "exploitation",
    "gender",
    "age_group",
    "nationality_group",
    "track",
    "category",
    "gap_profile",
    "national_gap",
    "days_to_pickup",
    "days_to_first_placement",
    "days_to_suitable_placement",
    "distance_km",
    "outside_region",
    "handed_over_at",
    "handovers",
)


def _flow_rows(
    data: Synthetic, regions: dict[str, tuple[str, str, str]]
) -> Iterator[tuple[Any, ...]]:
    outcomes = ("open", "closed", "dropped_out")
    for i in range(data.n):
        code = data.municipalities[data.muni[i]][0]
        region, central, unit = regions[code]
        step = int(data.step[i])
        times = [
            data.signal[i] + 86_400 * data.delays[i, k] if k < step else None for k in range(5)
        ]
        placed = times[4]
        ad_hoc = data.signal[i] + 3600 if data.ad_hoc[i] else None
        first = min(t for t in (placed, ad_hoc) if t is not None) if placed or ad_hoc else None
        shelter = "suitable" if placed else "ad_hoc" if ad_hoc else "none"

        def days(t: float | None, i: int = i) -> float | None:
            return None if t is None else (t - data.signal[i]) / 86_400

        yield (
            i + 1,
            _iso(data.signal[i]),
            dt.datetime.fromtimestamp(data.signal[i], tz=LOCAL).strftime("%Y-%m"),
            *(_iso(t) if t else None for t in times[:4]),
            _iso(first) if first else None,
            _iso(placed) if placed else None,
            _iso(ad_hoc) if ad_hoc else None,
            None,
            None,
            STEPS[step],
            outcomes[int(data.outcome[i])],
            shelter,
            region,
            central,
            unit,
            code,
            str(data.exploitation[i]),
            str(data.gender[i]),
            str(data.age[i]),
            str(data.nationality[i]),
            str(data.track[i]),
            str(data.category[i]),
            str(data.profile[i]),
            bool(data.gap[i]),
            days(times[1]),
            days(first),
            days(placed),
            round(float(data.distance[i]), 1) if placed else None,
            bool(data.outside[i]) if placed else None,
            None,  # no handovers in the synthetic history
            0,
        )


def timed(label: str, call: Callable[[], object], rounds: int) -> dict[str, Any]:
    call()  # warm
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    result = {"what": label, **percentiles(seconds)}
    print(f"  {label:<70} p50 {result['p50_ms']:>7} ms  p95 {result['p95_ms']:>7} ms", flush=True)
    return result


def measure(rounds: int, region: str) -> list[dict[str, Any]]:
    from django.test import Client

    from veiligeplek.accounts.models import User
    from veiligeplek.accounts.roles import Role
    from veiligeplek.domain.periods import parse_period
    from veiligeplek.monitor import figures as f
    from veiligeplek.monitor import statistics as s
    from veiligeplek.monitor.catalogue import CATALOGUE
    from veiligeplek.monitor.models import StoredStatistics
    from veiligeplek.monitor.scope import Scope, parse_scope

    period = parse_period("2026")
    results = []
    policy, _ = User.objects.get_or_create(
        username="bench-policy", defaults={"role": Role.POLICY_OFFICER}
    )
    client = Client()
    client.force_login(policy)
    try:
        from veiligeplek.monitor import summary

        summarised = {s.id for s in summary.SUMMARISED}
    except ImportError:  # the code from before the summary: every table from CaseFlow
        summarised = set()
    for code in ("national", region):
        scope = parse_scope(code)
        ctx = f.context(period, scope)
        for spec in CATALOGUE:
            counter: Callable[[], object] = partial(
                f.COUNTERS.get(spec.id, f._cases_table), ctx, spec
            )
            if spec.id in summarised:  # as the app counts a whole-month period
                counter = partial(summary.summary_counts, ctx, [spec])
            results.append(timed(f"table {spec.id} ({code})", counter, rounds))
        # The figures are a part of computing an answer (the worker's, ADR 0019).
        results.append(timed(f"worker: figures ({code})", partial(f.figures, ctx), rounds))

        def catalogue(sc: Scope = scope) -> None:
            s._years.clear()  # the year's joint catalogue by quarter, protected afresh
            s._compute(period, sc, exact=False, limit=10)

        results.append(timed(f"worker: catalogue, protected ({code})", catalogue, rounds))

        def api(sc: str = code, afresh: bool = False) -> None:
            s._cache.clear()  # as another process, or the next after a restart
            if afresh:
                s._years.clear()
                StoredStatistics.objects.all().delete()
            response = client.get(
                "/api/v1/statistics", {"period": "2026", "scope": sc}, HTTP_HOST="127.0.0.1"
            )
            assert response.status_code == 200, response.content[:200]

        label = f"GET /api/v1/statistics ({code})"
        results.append(
            timed(f"worker: {label}, computed afresh", partial(api, afresh=True), rounds)
        )
        results.append(timed(f"{label}, the stored answer", api, rounds))
        results.append(
            timed(
                f"{label}, kept in the process",
                partial(
                    client.get,
                    "/api/v1/statistics",
                    {"period": "2026", "scope": code},
                    HTTP_HOST="127.0.0.1",
                ),
                rounds,
            )
        )
    return results


def report(results: list[dict[str, Any]], cases: int) -> None:
    """The target is for what readers wait for: the tables and the stored answers; what the
    worker's keeper spends computing an answer afresh ("worker: …") is given beside it."""
    readers = [r for r in results if not r["what"].startswith("worker: ")]
    worker = [r for r in results if r["what"].startswith("worker: ")]
    worst = max(r["p95_ms"] for r in readers)
    summary = {
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "cases": cases,
        "load_average": os.getloadavg(),
        "worst_p95_ms": worst,
        "worst_p95_ms_worker": max((r["p95_ms"] for r in worker), default=None),
        "target_met": worst < 300,
    }
    print(json.dumps(summary, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--region", default="VT01")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", metavar="NAME", help="measure a database a --keep run left (no loading)"
    )
    parser.add_argument(
        "--into",
        metavar="NAME",
        help="load into this existing, empty database (kept afterwards) instead of a new one",
    )
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        sys.exit(
            "bench/monitor.py needs DATABASE_URL=postgres://… (a server to create a database on)"
        )
    if args.reuse:
        parts = urlsplit(base)
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{args.reuse}"))
        django_setup()
        report(measure(args.rounds, args.region), args.cases)
        return
    if args.into:
        parts = urlsplit(base)
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{args.into}"))
        name, args.keep = args.into, True
    else:
        name = setup_database(base)
    try:
        django_setup()
        from django.core.management import call_command

        from veiligeplek.accounts.models import User
        from veiligeplek.data.landscape import shipped_landscape
        from veiligeplek.registry.models import PlaceGroup
        from veiligeplek.registry.reference import reference_data_load
        from veiligeplek.registry.services import landscape_import

        call_command("migrate", "--no-input", verbosity=0)
        reference_data_load()
        landscape_import(acting_user=None, rows=shipped_landscape())
        user = User.objects.create_user(
            username="bench-loader", password=BENCH_PASSWORD, role="comensha"
        )
        from veiligeplek.monitor.scope import regions_now

        table = regions_now()
        munis = [(c, m.care_region, m.police_unit) for c, m in sorted(table.municipalities.items())]
        groups = list(PlaceGroup.objects.values_list("pk", "category"))
        started = time.perf_counter()
        print(f"Loading {args.cases:,} synthetic cases into {name} …", flush=True)
        load(Synthetic(args.cases, args.seed, munis), user.pk, groups)
        print(f"  loaded in {time.perf_counter() - started:.0f} s", flush=True)
        report(measure(args.rounds, args.region), args.cases)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(base, name)


if __name__ == "__main__":
    main()
