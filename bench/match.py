"""Matching benchmark: one match in the domain layer and through the HTTP API, and batch assignment.

Targets (ARCHITECTURE.md): a match against the 100x landscape through the HTTP API on PostgreSQL
has a p99 within 5x of a trivial authenticated JSON endpoint of the same server (``GET
/api/v1/me``, the framework floor); batch assignment of 2,000 waiting cases x 2,000 free beds
takes under 2 s. Landscapes and cases come from ``bench/landscape.py``.

Sections (``--sections``, default all that can run):

- ``domain``: ``match_case`` for cases of the mix at 1x and 100x, no database.
- ``batch``: ``propose_assignment`` for 2,000 cases of the mix x 2,000 free beds, once spread
  over the 100x landscape and once concentrated in the 21 real groups.
- ``api``: needs ``DATABASE_URL=postgres://…``. A fresh database next to it
  (``veiligeplek_bench_<pid>``, dropped afterwards) with the 100x landscape, a CoMensha user with
  an API token, gunicorn on a free loopback port; then requests to ``/api/v1/me`` and
  ``POST /api/v1/matches`` alternate, one at a time, bounded in count and time.

    DATABASE_URL=postgres://postgres@127.0.0.1:55999/veiligeplek .venv/bin/python bench/match.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.landscape import (  # noqa: E402
    availability_plan,
    case_mix,
    place_groups,
    synthetic_rows,
)

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
Report = dict[str, Any]


def percentiles(seconds: Sequence[float]) -> Report:
    """p50/p95/p99/max in milliseconds (nearest rank)."""
    ordered = sorted(seconds)

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))] * 1000

    return {
        "n": len(ordered),
        "p50_ms": round(rank(0.50), 2),
        "p95_ms": round(rank(0.95), 2),
        "p99_ms": round(rank(0.99), 2),
        "max_ms": round(ordered[-1] * 1000, 2),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
    }


def timed(count: int, budget_s: float, call: Callable[[int], object]) -> list[float]:
    """Call ``call(i)`` up to ``count`` times or until ``budget_s`` has passed."""
    durations: list[float] = []
    deadline = time.monotonic() + budget_s
    for i in range(count):
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        call(i)
        durations.append(time.perf_counter() - started)
    return durations


# --- domain -----------------------------------------------------------------------------------


def routed_cases(n: int) -> list[tuple[Any, Any]]:
    from veiligeplek.data.reference import default_region_table
    from veiligeplek.domain.facts import parse_case_facts
    from veiligeplek.domain.routing import route_case

    regions = default_region_table()
    cases = []
    for data in case_mix(n, today=TODAY):
        facts = parse_case_facts(data, municipalities=regions.municipalities)
        cases.append((facts, route_case(facts, today=TODAY, regions=regions)))
    return cases


def bench_domain(scale: int, count: int, budget_s: float) -> Report:
    """``match_case`` (the groups indexed anew for every case), and ``match_table`` on one
    table kept for all cases, as the registry keeps one per generation, with the answer's JSON
    (``MatchResult.to_json``) as the API writes it."""
    from veiligeplek.data.reference import default_region_table
    from veiligeplek.domain.matching import match_case, match_table, place_table
    from veiligeplek.domain.places import Availability

    regions = default_region_table()
    rows = synthetic_rows(scale)
    places = place_groups(rows, availability_plan(rows), now=NOW)
    cases = routed_cases(count)
    table, availability = place_table(places), Availability.of(places)
    match_case(*cases[0], places, regions=regions, now=NOW)  # warm up
    match_table(*cases[0], table, availability, regions=regions, now=NOW).to_json()

    def one(i: int) -> object:
        return match_case(*cases[i], places, regions=regions, now=NOW)

    def kept(i: int) -> object:
        return match_table(*cases[i], table, availability, regions=regions, now=NOW)

    def answered(i: int) -> object:
        result = match_table(*cases[i], table, availability, regions=regions, now=NOW)
        return result.to_json(with_phone=True)

    return {
        "scale": scale,
        "groups": len(places),
        "beds": sum(p.capacity for p in places),
        "match_case": percentiles(timed(count, budget_s, one)),
        "match_table_kept": percentiles(timed(count, budget_s, kept)),
        "match_table_kept_and_json": percentiles(timed(count, budget_s, answered)),
    }


# --- batch assignment -------------------------------------------------------------------------


def bench_batch(scale: int, beds: int, waiting: int, repeats: int) -> Report:
    """``waiting`` cases of the mix x ``beds`` free beds of the ``scale`` landscape."""
    import dataclasses

    from veiligeplek.data.reference import default_region_table
    from veiligeplek.domain.assignment import WaitingCase, propose_assignment

    regions = default_region_table()
    rows = synthetic_rows(scale)
    groups = place_groups(rows, availability_plan(rows), now=NOW)
    if scale == 1:  # every bed of the real groups free, scaled up to ``beds`` in all
        total = sum(g.capacity for g in groups)
        groups = [dataclasses.replace(g, free=-(-g.capacity * beds // total)) for g in groups]
    chosen, left = [], beds
    for group in groups:  # the generator's order: spread over the country
        if left > 0 and group.available > 0:
            chosen.append(dataclasses.replace(group, free=min(group.available, left), held=0))
            left -= chosen[-1].available
    cases = [
        WaitingCase(f"case-{i}", facts, decision, urgent=i % 10 == 0, days_waiting=i % 90)
        for i, (facts, decision) in enumerate(routed_cases(waiting))
    ]
    durations, pairs, overbooked = [], 0, 0
    for _ in range(repeats):
        started = time.perf_counter()
        proposal = propose_assignment(cases, chosen, regions=regions, now=NOW)
        durations.append(time.perf_counter() - started)
        pairs = len(proposal.pairs)
        taken = Counter(group_id for _, group_id in proposal.pairs)
        overbooked = sum(max(0, taken[g.id] - g.available) for g in chosen)
    return {
        "scale": scale,
        "waiting": len(cases),
        "free_beds": sum(g.available for g in chosen),
        "groups": len(chosen),
        "assigned": pairs,
        "overbooked": overbooked,  # cases beyond a group's available beds (0, or a defect)
        "seconds_min": round(min(durations), 3),
        "seconds_median": round(statistics.median(durations), 3),
        "seconds_max": round(max(durations), 3),
    }


# --- the HTTP API on PostgreSQL ---------------------------------------------------------------


@contextmanager
def bench_database(url: str, scale: int) -> Iterator[tuple[str, str]]:
    """A fresh database with the ``scale`` landscape and an API token; yields (url, token)."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    from bench.contention import drop_database

    parts = urlsplit(url)
    name = f"veiligeplek_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    db_url = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        yield db_url, _load(db_url, scale)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url, name)


def _load(db_url: str, scale: int) -> str:
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligeplek.conf.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    rows = synthetic_rows(scale)
    _load_landscape(rows)
    _vacuum()
    return _api_token()


def _vacuum() -> None:
    """Statistics and visibility as autovacuum leaves them a minute later: the load just wrote
    and rewrote every bed, and the plans of the first minutes would otherwise be a bulk load's."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _load_landscape(rows: Sequence[Any]) -> None:
    from django.db.models import F, Value
    from django.db.models.functions import Cast, Concat, LPad
    from django.utils import timezone

    from veiligeplek.registry.models import Location, Place, PlaceGroup
    from veiligeplek.registry.services import landscape_import

    landscape_import(acting_user=None, rows=rows)
    plan = availability_plan(rows)
    now = timezone.now()
    groups = list(PlaceGroup.objects.all())
    for group in groups:
        planned = plan[group.external_id]
        own = group.capacity_max - planned.other_target_group
        beds = Place.objects.filter(group=group)
        beds.filter(number__gt=planned.free, number__lte=own).update(status=Place.Status.OCCUPIED)
        beds.filter(number__gt=own).update(status=Place.Status.OTHER_TARGET_GROUP)
        group.availability_updated_at = now - dt.timedelta(hours=planned.hours_ago)
    PlaceGroup.objects.bulk_update(groups, ["availability_updated_at"], batch_size=500)
    digits = LPad(Cast(F("pk"), output_field=Location._meta.get_field("name")), 5, Value("0"))
    Location.objects.update(phone_24_7=Concat(Value("088 0 "), digits, Value(" (bench)")))


def _api_token() -> str:
    from django.utils import timezone

    from veiligeplek.accounts.models import ApiToken, User

    user = User.objects.create_user("bench-comensha", role="comensha")
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user,
        name="benchmark",
        key_hash=ApiToken.hash(key),
        expires_at=timezone.now() + dt.timedelta(hours=2),
    )
    return key


@contextmanager
def server(db_url: str, workers: int) -> Iterator[str]:
    """Gunicorn on a free loopback port, configured like production (DEBUG off)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {
        "DATABASE_URL": db_url,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "VAR_DIR": tempfile.mkdtemp(prefix="vp-bench-"),
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "gunicorn", "veiligeplek.conf.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    process = subprocess.Popen([*command, "--log-level", "warning"], env=env)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        from tests.live import wait_until_up

        wait_until_up(f"{url}/api/v1/health", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def request(url: str, token: str, body: bytes | None = None) -> bytes:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    method = "GET" if body is None else "POST"
    call = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310
    with urllib.request.urlopen(call, timeout=30) as response:  # noqa: S310 - loopback only
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
        content: bytes = response.read()
        return content


def bench_api(
    db_url: str, token: str, *, count: int, budget_s: float, workers: int, detail_full: bool
) -> Report:
    bodies = [json.dumps(c).encode() for c in case_mix(count, today=TODAY)]
    floor: list[float] = []
    match: list[float] = []
    sizes: list[int] = []
    path = "/api/v1/matches" + ("?detail=full" if detail_full else "")
    with server(db_url, workers) as url:
        for i in range(20):  # warm up every worker and its connection
            request(f"{url}/api/v1/me", token)
            request(f"{url}{path}", token, bodies[i % len(bodies)])
        deadline = time.monotonic() + budget_s
        for i in range(count):
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            request(f"{url}/api/v1/me", token)
            floor.append(time.perf_counter() - started)
            started = time.perf_counter()
            sizes.append(len(request(f"{url}{path}", token, bodies[i])))
            match.append(time.perf_counter() - started)
    floor_p = percentiles(floor)
    match_p = percentiles(match)
    return {
        "floor_get_me": floor_p,
        "post_matches": match_p,
        "path": path,
        "response_bytes": {
            "median": int(statistics.median(sizes)),
            "max": max(sizes),
        },
        "p99_ratio": round(match_p["p99_ms"] / floor_p["p99_ms"], 1),
        "target_ratio": 5,
        "workers": workers,
    }


# --- main -------------------------------------------------------------------------------------


def machine() -> Report:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],  # others on the box?
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", default="domain,batch,api")
    parser.add_argument("--domain-cases", type=int, default=500)
    parser.add_argument("--api-requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=120.0, help="budget per measurement")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument(
        "--detail-full", action="store_true", help="ask the match with ?detail=full"
    )
    args = parser.parse_args(argv)
    sections = set(args.sections.split(","))
    report: Report = {"machine": machine()}
    if "domain" in sections:
        report["domain"] = [
            bench_domain(scale, args.domain_cases, args.seconds) for scale in (1, args.scale)
        ]
        print(json.dumps({"domain": report["domain"]}), file=sys.stderr)
    if "batch" in sections:
        report["batch"] = [bench_batch(s, 2000, 2000, repeats=3) for s in (args.scale, 1)]
        print(json.dumps({"batch": report["batch"]}), file=sys.stderr)
    if "api" in sections:
        report["api"] = run_api(args)
    print(json.dumps(report, indent=2))
    return 0


def run_api(args: argparse.Namespace) -> Report:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return {"skipped": "DATABASE_URL must point to PostgreSQL"}
    with bench_database(url, args.scale) as (db_url, token):
        result = bench_api(
            db_url,
            token,
            count=args.api_requests,
            budget_s=args.seconds,
            workers=args.workers,
            detail_full=args.detail_full,
        )
    return {"scale": args.scale, **result}


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
