"""Crash test (issue 17, point 4), PostgreSQL and gunicorn, in a database of its own.

Concurrent clients submit ``SIGNALS`` signals over the API, each with its own Idempotency-Key,
while a killer SIGKILLs a random gunicorn worker after every 12-25 answers (at least
``MIN_KILLS`` times; the master starts a new one). A client retries — same key, same body — on a
lost connection, a refused connection, a timeout, a 5xx or a 409 (the first request with the key
still running). Meanwhile CoMensha places the first ``PLACEMENTS`` acknowledged cases in COSM
beds (retrying on a lost connection or a 5xx; a 409 is an answer: the bed or the case was taken,
perhaps by its own earlier attempt). Afterwards: every signal was acknowledged, every
acknowledged number exists exactly once and belongs to its key, no signal is duplicated, every
acknowledged placement exists, no case has two placements and no bed two, and no case, key,
hold or placement is half-written (a placement whose bed is not occupied, whose case is not
"placed" or that has no timeline entry), and ``audit-verify`` passes. Loopback only, bounded in
time (``DEADLINE``).
"""

from __future__ import annotations

import http.client
import json
import os
import queue
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
from tests.proof.pgworld import command, demo_world, fresh_database, libpq, world_env

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
SIGNALS = 500
CLIENTS = 8
WORKERS = 3
MIN_KILLS = 10
PLACEMENTS = 40
PLACE_GROUPS = ("cosm-essm", "cosm-ctm-v")
DEADLINE = 420.0  # seconds for the whole submission phase
FACTS = {"found_municipality": "GM0363", "exploitation": ["sexual"], "gender": "female"}


def workers_of(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


class Client:
    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token
        self.retries = 0

    def post(
        self,
        path: str,
        body: dict[str, Any],
        headers: dict[str, str],
        stop_at: float,
        *,
        again: frozenset[int] = frozenset({0}),
    ) -> tuple[int, dict[str, Any]]:
        """POST until an answer that is not a lost connection, a 5xx or one of ``again``."""
        headers = {
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json", **headers
        }  # fmt: skip
        while time.monotonic() < stop_at:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                conn.request("POST", path, body=json.dumps(body), headers=headers)
                response = conn.getresponse()
                answer = json.loads(response.read() or b"{}")
            except (OSError, http.client.HTTPException, json.JSONDecodeError):
                answer, status = {}, 0  # the worker died under us: try again, same request
            else:
                status = response.status
            finally:
                conn.close()
            if status not in again and status < 500:
                return status, answer
            self.retries += 1
            time.sleep(0.05 + random.random() * 0.2)
        return -1, {}

    def submit(self, i: int, key: str, stop_at: float) -> tuple[int, dict[str, Any]]:
        body = {
            "facts": FACTS,
            "urgency": "crisis",
            "callback_name": f"Crashtest {i}",
            "callback_phone": "06 1234 5678",
        }
        # 409: the first request with this key is still running.
        return self.post(
            "/api/v1/cases", body, {"Idempotency-Key": key}, stop_at, again=frozenset({0, 409})
        )

    def place(self, number: str, i: int, stop_at: float) -> tuple[int, dict[str, Any]]:
        body = {
            "place_group": PLACE_GROUPS[i % len(PLACE_GROUPS)],
            "override_reason": "crashtest: plaatsing terwijl workers worden gestopt",
        }
        return self.post(f"/api/v1/cases/{number}/placements", body, {}, stop_at)


def placer(
    client: Client, numbers: queue.Queue[str], stop_at: float, placed: dict[str, tuple[int, Any]]
) -> None:
    """Place the first ``PLACEMENTS`` acknowledged cases, as they come."""
    for i in range(PLACEMENTS):
        try:
            number = numbers.get(timeout=max(0.1, stop_at - time.monotonic()))
        except queue.Empty:
            return
        placed[number] = client.place(number, i, stop_at)


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
    " WHERE NOT EXISTS (SELECT 1 FROM cases_timelineevent e WHERE e.case_id = p.case_id"
    " AND e.kind = 'placed')",
    "placements_half_written": "SELECT count(*) FROM cases_placement p"
    " JOIN registry_place b ON b.id = p.place_id JOIN cases_case c ON c.id = p.case_id"
    " WHERE p.ended_at IS NULL AND (b.status <> 'occupied' OR c.status <> 'placed')",
    "cases_placed_twice": "SELECT count(*) FROM (SELECT case_id FROM cases_placement"
    " WHERE ended_at IS NULL GROUP BY 1 HAVING count(*) > 1) d",
    "beds_taken_twice": "SELECT count(*) FROM (SELECT place_id FROM cases_placement"
    " WHERE ended_at IS NULL GROUP BY 1 HAVING count(*) > 1) d",
}


def free_beds(url: str) -> int:
    """Beds of ``PLACE_GROUPS`` that are free and held for nobody (before the run)."""
    import psycopg

    with psycopg.connect(libpq(url)) as conn:
        row = conn.execute(
            "SELECT count(*) FROM registry_place b JOIN registry_placegroup g ON g.id = b.group_id"
            " WHERE g.external_id = ANY(%s) AND b.status = 'free' AND NOT EXISTS"
            " (SELECT 1 FROM cases_hold h WHERE h.place_id = b.id AND h.released_at IS NULL"
            " AND h.expires_at > now())",
            [list(PLACE_GROUPS)],
        ).fetchone()
    return int(row[0]) if row else 0


def check(url: str) -> dict[str, Any]:
    """Counts straight from the database."""
    import psycopg

    found: dict[str, Any] = {}
    with psycopg.connect(libpq(url)) as conn:
        for name, sql in CHECKS.items():
            row = conn.execute(sql).fetchone()
            found[name] = row[0] if row else None
        rows = conn.execute(
            "SELECT k.key, c.number FROM cases_idempotencykey k"
            " JOIN cases_case c ON c.id = k.case_id"
        ).fetchall()
        placements = conn.execute(
            "SELECT p.id, c.number FROM cases_placement p JOIN cases_case c ON c.id = p.case_id"
            " WHERE c.id IN (SELECT case_id FROM cases_signal"
            " WHERE callback_name LIKE 'Crashtest %')"
        ).fetchall()
    found["keys"] = dict(rows)
    found["placements"] = dict(placements)  # placement id -> case number
    return found


def test_no_acknowledged_signal_is_lost_or_duplicated_when_workers_are_killed(
    tmp_path: Path,
) -> None:
    with fresh_database("crash") as url:
        env = world_env(url, tmp_path)
        demo_world(env)
        token = command(env, "api-token", "create", "demo-politie", "--name", "crash").split()[0]
        placing = command(env, "api-token", "create", "demo-comensha", "--name", "crash")
        beds = free_beds(url)
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
            placing_client = Client(port, placing.split()[0])
            numbers: queue.Queue[str] = queue.Queue()
            placed: dict[str, tuple[int, Any]] = {}
            stop, kills = threading.Event(), list[int]()
            stop_at = time.monotonic() + DEADLINE
            started = time.monotonic()

            def run(client: Client, mine: list[int]) -> None:
                for i in mine:
                    answers[i] = client.submit(i, keys[i], stop_at)
                    if answers[i][0] == 201:
                        numbers.put(answers[i][1]["number"])

            threads = [
                threading.Thread(target=run, args=(c, list(range(n, SIGNALS, CLIENTS))))
                for n, c in enumerate(clients)
            ]
            threads.append(
                threading.Thread(target=placer, args=(placing_client, numbers, stop_at, placed))
            )
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
    made = {n: a["id"] for n, (status, a) in placed.items() if status == 201}
    print(
        f"crash test: {SIGNALS} signals, {len(placed)} placements asked for {beds} free beds "
        f"({len(made)} made, {len(found['placements'])} in the database, "
        f"{placing_client.retries} retries), "
        f"{len(kills)} kills, {retries} retries, {seconds:.0f} s"
    )
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
        "placements_half_written",
        "cases_placed_twice",
        "beds_taken_twice",
    ):
        assert found[name] == 0, (name, found[name])
    # Placements: every one asked got an answer, none was refused as bad input, every one made
    # exists for its case, and a 409 left the case with at most the placement of an earlier
    # attempt (none of another).
    assert len(placed) == PLACEMENTS
    assert {status for status, _ in placed.values()} <= {201, 409}, placed
    assert {found["placements"][pid] for pid in made.values()} == set(made)
    assert set(found["placements"].values()) <= set(placed)
    # Every bed free at the start was taken, once: more placements were asked than beds free.
    assert PLACEMENTS > beds >= 5
    assert len(found["placements"]) == beds, (beds, placed)
    assert verify.startswith("auditlog intact"), verify
