"""Load test: the busiest realistic mix at 10x and 100x national volume, then up to saturation.

Against gunicorn (``--workers``, 2 sync workers as ``make run``) and PostgreSQL on this machine,
with locust as a process of its own, on the loopback interface only, each level bounded in
time. Set-up in a fresh database next to the one in ``DATABASE_URL`` (``<name>_loadtest_<pid>``,
dropped afterwards), exactly as ``make run`` does: migrate, reference data, the report's 2025
landscape (21 groups, 162 beds), the demo users and ``--history-years`` of fictitious history
for the dashboards; then API tokens and verified sessions for the demo users of each role.

The offered rate of each level (requests per second) is derived from the report's figures in
``request_mix`` and ``volume_rate`` (docs/benchmarks.md, "Load test", explains the derivation).
After 10x and 100x the offered rate doubles per step until the p95 of some level exceeds 1 s
(the saturation point) or ``--max-rate`` is reached. While each level runs, the CPU seconds of
the gunicorn workers, of PostgreSQL's backends and of locust are sampled from ``/proc``, so that
the report can say what limits the throughput.

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/vp_load .venv/bin/python bench/load.py
    DATABASE_URL=… .venv/bin/python bench/load.py --quick     # about two minutes (make test-slow)

Prints a JSON report (``--json FILE`` writes it too) and a Markdown section ready to paste into
docs/benchmarks.md. Exit 1 when any level has server errors (5xx) or failed requests.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
LANDSCAPE = ROOT / "src" / "veiligeplek" / "data" / "landscape_2025.csv"
SATURATION_P95_MS = 1000.0
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
SERVER_ERROR = re.compile(r"\b5\d\d\b")

# --- the derivation of the rates (docs/benchmarks.md, "Load test") ---------------------------
VICTIMS_PER_YEAR = 868  # registered victims, the report's figure
PLACES = 160  # about 160 specialised places (the shipped landscape: 162 beds in 21 groups)
# Requests per registered victim over the life of the case.
PER_VICTIM = {
    "signal": 1.0,  # one signal (the few unregistered signals are in the margin below)
    "search": 4.0,  # searches: at intake, after a refusal, before and after the waiting list
    "place": 1.0,  # one placement (its own search included)
    "case": 8.0,  # the case opened by the coordinator, the shelter and CoMensha
    "cases": 4.0,  # case lists on the way
    "outflow": 1.0,  # the stay ends
}
# Requests per place (bed) per year: two status changes per stay (about four stays a bed a
# year at an average stay of three months), and each shelter looking at its page.
PER_PLACE = {"bed": 8.0, "availability": 20.0}
# Requests per year that follow the calendar, not the victims: every one of the 11 locations
# confirms its availability daily; dashboards: 40 views a working day of /monitor/ and an
# hourly pull of the statistics by a ministry's BI system.
PER_YEAR = {"confirm": 11 * 365.0, "monitor": 40 * 250.0, "statistics": 24 * 365.0}
# The busy hour: intake and placement concentrate in about 6 of the 24 hours (x4) and the
# busiest day of a week after a raid doubles it (x2), and a margin of x1.5 for unregistered
# signals, retries and reloads: the busy hour carries 12x the average hour's requests.
BUSY_HOUR_FACTOR = 12.0
HOURS_PER_YEAR = 365 * 24


def requests_per_year() -> dict[str, float]:
    counts = {name: VICTIMS_PER_YEAR * n for name, n in PER_VICTIM.items()}
    counts |= {name: PLACES * n for name, n in PER_PLACE.items()}
    counts |= PER_YEAR
    return counts


def request_mix() -> dict[str, float]:
    """The share of each request type in the busy hour (sums to 1)."""
    counts = requests_per_year()
    total = sum(counts.values())
    return {name: count / total for name, count in counts.items()}


def volume_rate(volume: float) -> float:
    """Requests per second in the busy hour at ``volume`` times the national volume (victims,
    places, locations and dashboards all scaled alike)."""
    return sum(requests_per_year().values()) * volume * BUSY_HOUR_FACTOR / HOURS_PER_YEAR / 3600


# --- set-up -----------------------------------------------------------------------------------


@contextmanager
def load_database(url: str) -> Iterator[str]:
    import psycopg

    parts = urlsplit(url)
    base = parts.path.lstrip("/") or "veiligeplek"
    name = f"{base}_loadtest_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(db_url: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return env | {
        "DATABASE_URL": db_url,
        "VAR_DIR": str(var_dir),
        "SECRET_KEY": secrets.token_urlsafe(32),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(32),
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "DEMO_MODE": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",  # not a line per 404 (a case that left scope): errors only
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }


def prepare(env: dict[str, str], history_years: int) -> dict[str, Any]:
    """``make run``'s set-up, then tokens and verified sessions; returns the credentials."""
    demo = ["load-demo"] + (["--history-years", str(history_years)] if history_years else [])
    for args in (
        ["migrate", "--no-input", "-v", "0"],
        ["load-reference-data"],
        ["import-places", str(LANDSCAPE)],
        demo,
        ["collectstatic", "--no-input", "-v", "0"],
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.db import connection as c; c.cursor().execute('VACUUM ANALYZE')",
        ],
    ):
        started = time.monotonic()
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "veiligeplek", *args],
            env=env,
            check=True,
            capture_output=True,
            timeout=1800,
        )
        print(f"set-up: {args[0]} {time.monotonic() - started:.0f} s", file=sys.stderr)
    code = "import json, bench.load as b; print(json.dumps(b.credentials()))"
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "veiligeplek", "shell", "--no-imports", "-c", code],
        env=env | {"PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def credentials() -> dict[str, Any]:
    """Run inside the configured app (``prepare``): bearer tokens for a signaller, a placing
    coordinator (CoMensha: national scope) and a policy officer; sessions that passed the
    second factor for the shelters and the policy officer; the shelters' beds and locations."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veiligeplek.accounts.models import ApiToken, User
    from veiligeplek.cases.access import cases_visible_to
    from veiligeplek.registry.models import Location, Place

    def token(username: str) -> str:
        key = ApiToken.new_key()
        user = User.objects.get(username=username)
        ApiToken.objects.create(
            user=user,
            session_epoch=user.session_epoch,
            name="belastingtest",
            key_hash=ApiToken.hash(key),
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=6),
        )
        return key

    def session(username: str) -> str:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            stored = client.session
            stored[DEVICE_ID_SESSION_KEY] = device.persistent_id
            stored.save()
        return str(client.cookies[settings.SESSION_COOKIE_NAME].value)

    shelters = ["demo-opvang-ctm", "demo-opvang-essm"]
    beds: dict[str, list[int]] = {}
    locations: dict[str, list[int]] = {}
    for username in shelters:
        user = User.objects.get(username=username)
        mine = Location.objects.filter(organisation=user.organisation)
        locations[username] = list(mine.values_list("pk", flat=True))
        beds[username] = list(
            Place.objects.filter(group__location__in=mine).values_list("pk", flat=True)
        )
    return {
        "tokens": {
            "signaller": token("demo-politie"),
            "coordinator": token("demo-comensha"),
            "policy": token("demo-beleid"),
        },
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": {name: session(name) for name in shelters} | {"policy": session("demo-beleid")},
        "shelters": shelters,
        "beds": beds,
        "locations": locations,
        "cases": list(  # the cases CoMensha's list starts with (her scope, not every case)
            cases_visible_to(User.objects.get(username="demo-comensha"))
            .filter(is_demo=True)
            .values_list("number", flat=True)[:200]
        ),
        "period": str(dt.datetime.now(dt.UTC).year),
        "mix": request_mix(),
    }


@contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[tuple[str, int, int]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    command = [sys.executable, "-m", "gunicorn", "veiligeplek.conf.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"]
    process = subprocess.Popen(command, env=env)  # noqa: S603
    # The worker, as `make run` and production run it: it keeps the stored figures current.
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "veiligeplek", "db_worker", "--no-startup-delay"], env=env
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            try:
                with urllib.request.urlopen(f"{url}/api/v1/health", timeout=2):  # noqa: S310
                    break
            except OSError:
                time.sleep(0.3)
        yield url, process.pid, worker.pid
    finally:
        for running in (process, worker):
            running.terminate()
        for running in (process, worker):
            running.wait(timeout=30)


def warm_up(url: str, creds: dict[str, Any], workers: int) -> None:
    """A statistics call and a dashboard for each gunicorn worker at once, before the first
    level: a running system has computed its figures already (the worker keeps them current,
    ADR 0019) and each web process has started its chart renderer (about 1.5 s, once), so
    neither is a request of the busy hour."""
    year = creds["period"]
    requests = [
        urllib.request.Request(  # noqa: S310 - loopback
            f"{url}/api/v1/statistics?period={year}&scope=national",
            headers={"Authorization": f"Bearer {creds['tokens']['policy']}"},
        ),
        urllib.request.Request(  # noqa: S310 - loopback
            f"{url}/monitor/",
            headers={"Cookie": f"{creds['session_cookie']}={creds['sessions']['policy']}"},
        ),
    ]

    def fetch(request: urllib.request.Request) -> None:
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
            response.read()

    fetch(requests[0])  # computes and stores the figures once
    for request in requests:
        with ThreadPoolExecutor(workers) as pool:  # one at each web process
            list(pool.map(fetch, [request] * workers))


# --- CPU accounting from /proc ------------------------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _postgres_backends(db_name: str) -> list[int]:
    """Backend processes of this database (their command line names it)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if cmdline.startswith("postgres:") and f" {db_name} " in cmdline:
            pids.append(int(entry.name))
    return pids


class CpuMeter:
    """CPU seconds used by the app (the gunicorn workers and the task worker), this database's
    PostgreSQL backends and locust between ``start`` and ``stop`` (processes that come and go
    are sampled each second)."""

    def __init__(self, gunicorn_pid: int, db_name: str, worker_pid: int) -> None:
        self.gunicorn_pid, self.db_name, self.worker_pid = gunicorn_pid, db_name, worker_pid

    def sample(self, locust_pid: int) -> dict[str, dict[int, float]]:
        app = [*_children(self.gunicorn_pid), self.worker_pid]
        return {
            "gunicorn": {p: _cpu_seconds(p) for p in app},
            "postgres": {p: _cpu_seconds(p) for p in _postgres_backends(self.db_name)},
            "locust": {locust_pid: _cpu_seconds(locust_pid)},
        }


def run_level(
    url: str, credentials_file: Path, meter: CpuMeter, *, rate: float, seconds: int, out: Path
) -> dict[str, Any]:
    """One level: ``rate`` requests/s offered by users of 0.5 request/s each, for ``seconds``."""
    users = max(1, math.ceil(rate / 0.5))
    user_rate = rate / users
    prefix = out / f"rate-{rate:g}"
    env = os.environ | {
        "VP_LOAD_CREDENTIALS": str(credentials_file),
        "VP_LOAD_USER_RATE": f"{user_rate:.6f}",
    }
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
    command += ["--host", url, "--users", str(users), "--spawn-rate", str(users)]
    command += ["--run-time", f"{seconds}s", "--stop-timeout", "10", "--csv", str(prefix)]
    command += ["--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    load_start = os.getloadavg()[0]
    uptime = subprocess.run(  # noqa: S603
        [shutil.which("uptime") or "/usr/bin/uptime"], capture_output=True, text=True, check=False
    ).stdout
    wall = time.monotonic()
    locust = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    samples = [meter.sample(locust.pid)]
    while locust.poll() is None:
        time.sleep(1)
        samples.append(meter.sample(locust.pid))
    try:
        locust.wait(timeout=seconds + 120)
    except subprocess.TimeoutExpired:
        locust.kill()
        raise
    elapsed = time.monotonic() - wall
    cpu = cpu_used(samples)
    return {
        "offered_rps": round(rate, 3),
        "users": users,
        "seconds": seconds,
        "uptime_at_start": uptime.strip(),
        "load_average_at_start": round(load_start, 2),
        "cpu_seconds": cpu,
        "cpu_share_of_two_cores": {k: round(v / (2 * elapsed), 2) for k, v in cpu.items()},
        "requests": read_stats(prefix),
    }


def cpu_used(samples: list[dict[str, dict[int, float]]]) -> dict[str, float]:
    """CPU seconds per kind of process between the first sample and the last one that saw each
    process (a process first seen later counts from zero: it started during the level)."""
    first = samples[0]
    last: dict[str, dict[int, float]] = {}
    for sample in samples:
        for kind, pids in sample.items():
            last[kind] = last.get(kind, {}) | pids
    return {
        kind: round(sum(v - first.get(kind, {}).get(p, 0.0) for p, v in pids.items()), 1)
        for kind, pids in last.items()
    }


def read_stats(prefix: Path) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            name = "total" if row["Name"] == "Aggregated" else row["Name"]
            count = int(row["Request Count"])
            rows[name] = {
                "count": count,
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 3),
                "p50_ms": _ms(row["50%"]),
                "p95_ms": _ms(row["95%"]),
                "p99_ms": _ms(row["99%"]),
            }
    server_errors = 0
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.exists():
        with open(failures_file, encoding="utf-8") as file:
            for row in csv.DictReader(file):
                if SERVER_ERROR.search(row["Error"]):
                    server_errors += int(row["Occurrences"])
    rows.setdefault("total", {"count": 0, "failures": 0})["server_errors"] = server_errors
    return rows


def _ms(value: str) -> float | None:
    return None if value in ("", "N/A") else float(value)


# --- the report ------------------------------------------------------------------------------


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"## Load test (`bench/load.py`{' --quick' if report['quick'] else ''}, {report['date']})",
        "",
        f"Gunicorn with {report['workers']} sync workers and PostgreSQL on the same 2-core "
        "machine as locust (loopback). Rates are the busy hour's, derived from 868 registered "
        f"victims a year and about 160 places: 1x = {report['rate_1x_rps']:.4f} requests/s.",
        "",
        "| level | offered req/s | achieved req/s | requests | errors | p50 / p95 / p99 ms "
        "| CPU app (gunicorn + worker) / PostgreSQL / locust (share of 2 cores) "
        "| uptime at start |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for level in report["levels"]:
        total = level["requests"].get("total", {})
        share = level["cpu_share_of_two_cores"]
        lines.append(
            f"| {level['label']} | {level['offered_rps']:g} | {total.get('rps', 0):g} "
            f"| {total.get('count', 0)} | {total.get('failures', 0)} "
            f"| {total.get('p50_ms')} / {total.get('p95_ms')} / {total.get('p99_ms')} "
            f"| {share.get('gunicorn', 0):.0%} / {share.get('postgres', 0):.0%} / "
            f"{share.get('locust', 0):.0%} | `{_load_average(level['uptime_at_start'])}` |"
        )
    lines += ["", "Per request type (p50 / p95 / p99 ms, count):", ""]
    names = sorted({n for lv in report["levels"] for n in lv["requests"] if n != "total"})
    lines.append("| type | " + " | ".join(lv["label"] for lv in report["levels"]) + " |")
    lines.append("|---|" + "---:|" * len(report["levels"]))
    for name in names:
        cells = []
        for level in report["levels"]:
            row = level["requests"].get(name)
            cells.append(
                "–"
                if row is None
                else f"{row['p50_ms']} / {row['p95_ms']} / {row['p99_ms']} ({row['count']})"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    sat = report["saturation"]
    lines += [""]
    if sat["rps"] is None:
        lines.append(
            f"Saturation: not reached up to {report['levels'][-1]['offered_rps']:g} requests/s "
            "offered (p95 stayed under 1 s)."
        )
    else:
        lines.append(
            f"Saturation (p95 over 1 s): at {sat['rps']:g} requests/s offered "
            f"({sat['achieved_rps']:g} achieved, {sat['times_national']:.0f}x national volume); "
            f"the slowest type there: {sat['slowest']}."
        )
    lines += ["", f"Command: `{report['command']}`"]
    return "\n".join(lines)


def _load_average(uptime: str) -> str:
    return uptime.split("load average:")[-1].strip()


def saturation(levels: list[dict[str, Any]], rate_1x: float) -> dict[str, Any]:
    for level in levels:
        total = level["requests"].get("total", {})
        if (total.get("p95_ms") or 0) > SATURATION_P95_MS:
            types = {n: r for n, r in level["requests"].items() if n != "total"}
            slowest = max(types, key=lambda n: types[n].get("p95_ms") or 0)
            return {
                "rps": level["offered_rps"],
                "achieved_rps": total.get("rps"),
                "times_national": level["offered_rps"] / rate_1x,
                "slowest": f"{slowest} (p95 {types[slowest]['p95_ms']} ms)",
            }
    return {"rps": None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short levels, one ramp step")
    parser.add_argument("--seconds", type=int, default=240, help="per level at 10x and 100x")
    parser.add_argument("--step-seconds", type=int, default=60, help="per ramp step")
    parser.add_argument("--max-rate", type=float, default=128.0, help="highest offered req/s")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--history-years", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the JSON report here")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.step_seconds, args.max_rate = 20, 20, 8.0
        args.history_years = 0
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench/load.py needs DATABASE_URL=postgres://… (PostgreSQL)", file=sys.stderr)
        return 2
    rate_1x = volume_rate(1)
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "quick": args.quick,
        "workers": args.workers,
        "history_years": args.history_years,
        "rate_1x_rps": rate_1x,
        "requests_per_year_1x": {k: round(v) for k, v in requests_per_year().items()},
        "mix": {k: round(v, 4) for k, v in request_mix().items()},
        "command": "DATABASE_URL=postgres://… .venv/bin/python "
        + " ".join(["bench/load.py", *sys.argv[1:]]),
        "levels": [],
    }
    work = Path(tempfile.mkdtemp(prefix="vp-load-"))
    try:
        with load_database(url) as db_url:
            env = server_env(db_url, work / "var")
            started = time.monotonic()
            creds = prepare(env, args.history_years)
            report["setup_seconds"] = round(time.monotonic() - started, 1)
            credentials_file = work / "credentials.json"
            credentials_file.write_text(json.dumps(creds), encoding="utf-8")
            with gunicorn(env, args.workers) as (server_url, pid, worker_pid):
                meter = CpuMeter(pid, urlsplit(db_url).path.lstrip("/"), worker_pid)
                warm_up(server_url, creds, args.workers)
                plan = [
                    ("10x", volume_rate(10), args.seconds),
                    ("100x", volume_rate(100), args.seconds),
                ]
                rate = 2.0
                while rate <= args.max_rate:
                    plan.append((f"{rate:g} req/s", rate, args.step_seconds))
                    rate *= 2
                for label, level_rate, seconds in plan:
                    level = run_level(
                        server_url,
                        credentials_file,
                        meter,
                        rate=level_rate,
                        seconds=seconds,
                        out=work,
                    )
                    level["label"] = label
                    report["levels"].append(level)
                    print(f"{label}: {json.dumps(level['requests'].get('total'))}", file=sys.stderr)
                    if (level["requests"].get("total", {}).get("p95_ms") or 0) > SATURATION_P95_MS:
                        break
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["saturation"] = saturation(report["levels"], rate_1x)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print("\n" + markdown(report))
    bad = sum(lv["requests"].get("total", {}).get("failures", 0) for lv in report["levels"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
