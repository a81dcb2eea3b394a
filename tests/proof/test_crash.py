"""Crash test (issue 17, point 4), PostgreSQL and gunicorn, in a database of its own.

Concurrent clients submit ``SIGNALS`` signals over the API, each with its own Idempotency-Key,
while a killer SIGKILLs a random gunicorn worker after every 12-25 answers (at least
``MIN_KILLS`` times; the master starts a new one). A client retries — same key, same body — on a
lost connection, a refused connection, a timeout, a 5xx or a 409 (the first request with the key
still running). Afterwards: every signal was acknowledged, every acknowledged number exists
exactly once and belongs to its key, no signal is duplicated, no case, key, hold or placement
is half-written, and ``audit-verify`` passes. Loopback only, bounded in time (``DEADLINE``).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.live import free_port, wait_until_up
from tests.proof.pgworld import command, demo_world, fresh_database, world_env

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
SIGNALS = 500
CLIENTS = 8
WORKERS = 3
MIN_KILLS = 10
DEADLINE = 420.0  # seconds for the whole submission phase
FACTS = {"found_municipality": "GM0363", "exploitation": ["sexual"], "gender": "female"}


def workers_of(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


class Client:
    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token
        self.retries = 0

    def submit(self, i: int, key: str, stop_at: float) -> tuple[int, dict[str, Any]]:
        body = json.dumps(
            {
                "facts": FACTS,
                "urgency": "crisis",
                "callback_name": f"Crashtest {i}",
                "callback_phone": "06 1234 5678",
            }
        )
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        }
        while time.monotonic() < stop_at:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                conn.request("POST", "/api/v1/cases", body=body, headers=headers)
                response = conn.getresponse()
                answer = json.loads(response.read() or b"{}")
            except (OSError, http.client.HTTPException, json.JSONDecodeError):
                answer, status = {}, 0  # the worker died under us: try again, same key
            else:
                status = response.status
            finally:
                conn.close()
            if status == 201:
                return status, answer
            if status not in (0, 409) and status < 500:
                return status, answer  # a refusal: reported, the test fails on it
            self.retries += 1
            time.sleep(0.05 + random.random() * 0.2)
        return -1, {}


def killer(
    master: int, stop: threading.Event, kills: list[int], answered: Callable[[], int]
) -> None:
    """SIGKILL a random worker after every 12-25 answers (a random step), so that at least
    ``MIN_KILLS`` fall while signals are in flight however fast or slow the machine is."""
    rng = random.Random(17)  # noqa: S311
    step = SIGNALS // (2 * MIN_KILLS)
    next_at = rng.randint(1, step)
    while not stop.is_set():
        workers = workers_of(master)
        if workers and answered() >= next_at:
            victim = rng.choice(workers)
            try:
                os.kill(victim, signal.SIGKILL)
                kills.append(victim)
            except ProcessLookupError:
                pass
            next_at += rng.randint(step // 2, step)
        stop.wait(0.02)


CHECKS = {
    "cases": "SELECT count(*) FROM cases_signal WHERE callback_name LIKE 'Crashtest %'",
    "duplicated": "SELECT count(*) FROM (SELECT callback_name FROM cases_signal"
    " WHERE callback_name LIKE 'Crashtest %'"
    " GROUP BY 1 HAVING count(*) > 1) d",
    "cases_without_signal": "SELECT count(*) FROM cases_case c"
    " WHERE NOT EXISTS (SELECT 1 FROM cases_signal s WHERE s.case_id = c.id)",
    "cases_without_routing": "SELECT count(*) FROM cases_case c"
    " WHERE NOT EXISTS (SELECT 1 FROM cases_routingrecord r WHERE r.case_id = c.id)",
    "keys_half_written": "SELECT count(*) FROM cases_idempotencykey"
    " WHERE status_code IS NULL OR case_id IS NULL",
    "holds_half_written": "SELECT count(*) FROM cases_hold h WHERE h.referral_id IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM cases_referral r WHERE r.id = h.referral_id)",
    "placements_without_case_event": "SELECT count(*) FROM cases_placement p"
    " WHERE NOT EXISTS (SELECT 1 FROM cases_timelineevent e WHERE e.case_id = p.case_id)",
}


def check(url: str) -> dict[str, Any]:
    """Counts straight from the database."""
    import psycopg

    found: dict[str, Any] = {}
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        for name, sql in CHECKS.items():
            row = conn.execute(sql).fetchone()
            found[name] = row[0] if row else None
        rows = conn.execute(
            "SELECT k.key, c.number FROM cases_idempotencykey k"
            " JOIN cases_case c ON c.id = k.case_id"
        ).fetchall()
    found["keys"] = dict(rows)
    return found


def test_no_acknowledged_signal_is_lost_or_duplicated_when_workers_are_killed(
    tmp_path: Path,
) -> None:
    with fresh_database("crash") as url:
        env = world_env(url, tmp_path)
        demo_world(env)
        token = command(env, "api-token", "create", "demo-politie", "--name", "crash").split()[0]
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                *(sys.executable, "-m", "gunicorn", "veiligeplek.conf.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)),
                # --preload: the app is imported once, a new worker is a fork (the master
                # replaces a killed one at once instead of importing Django again).
                *("--log-level", "error", "--timeout", "120", "--preload"),
            ],
            env=env,
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/api/v1/health", server, 240)
            keys = [str(uuid.uuid4()) for _ in range(SIGNALS)]
            answers: dict[int, tuple[int, dict[str, Any]]] = {}
            clients = [Client(port, token) for _ in range(CLIENTS)]
            stop, kills = threading.Event(), list[int]()
            stop_at = time.monotonic() + DEADLINE
            started = time.monotonic()

            def run(client: Client, mine: list[int]) -> None:
                for i in mine:
                    answers[i] = client.submit(i, keys[i], stop_at)

            threads = [
                threading.Thread(target=run, args=(c, list(range(n, SIGNALS, CLIENTS))))
                for n, c in enumerate(clients)
            ]
            kill_thread = threading.Thread(
                target=killer, args=(server.pid, stop, kills, lambda: len(answers))
            )
            kill_thread.start()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            stop.set()
            kill_thread.join()
            seconds = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        found = check(url)
        verify = command(env, "audit-verify")
    retries = sum(c.retries for c in clients)
    print(f"crash test: {SIGNALS} signals, {len(kills)} kills, {retries} retries, {seconds:.0f} s")
    acknowledged = {i: a["number"] for i, (status, a) in answers.items() if status == 201}
    refused = {i: a for i, a in answers.items() if a[0] != 201}
    assert not refused, list(refused.items())[:5]
    assert len(kills) >= MIN_KILLS
    assert len(acknowledged) == SIGNALS  # every client got its answer in the end
    assert found["cases"] == SIGNALS  # none lost, none extra
    assert found["duplicated"] == 0
    assert {keys[i]: number for i, number in acknowledged.items()} == found["keys"]
    for name in (
        "cases_without_signal",
        "cases_without_routing",
        "keys_half_written",
        "holds_half_written",
        "placements_without_case_event",
    ):
        assert found[name] == 0, (name, found[name])
    assert verify.startswith("auditlog intact"), verify
