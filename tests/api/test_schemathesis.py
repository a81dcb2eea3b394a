"""API fuzzing (issue 12, defect 9; issue 17, point 2): schemathesis against a running server
(demo data, as `make run`) with a token of every role that uses the API, in all four phases
(examples, coverage, fuzzing, stateful: the links it infers from the answers, such as a new
case's number). Every check passes — no server error, no answer outside the schema, no
undocumented status, no schema-valid request refused beyond the rules in schemathesis.toml —
and the runs create cases, matches and routing decisions.

Depth: in CI (``make test``) 100 examples per operation with the fixed seed ``SEED``, each role
on the operations the access policy lets it use (tests/security/policy.py; what it may not use,
the access matrix proves for every operation and role); under ``make test-slow``
(``FUZZ_DEPTH=deep``) every role on every operation, 500 examples, with a random seed, printed
so that a failure can be replayed (``FUZZ_SEED=… make test-slow``). Two roles are fuzzed at a
time (``FUZZ_AT_ONCE``), each against a server of its own, so that both cores work."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import get_resolver

from tests.live import LiveApp, start_live_app
from tests.security.policy import MATRIX
from veiligeplek.accounts.roles import Role

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
DEEP = os.environ.get("FUZZ_DEPTH") == "deep"
EXAMPLES = 500 if DEEP else 100
SEED = int(os.environ.get("FUZZ_SEED") or (random.randrange(1, 2**31) if DEEP else 17))  # noqa: S311
PHASES = "examples,coverage,fuzzing,stateful"
# A token per role that uses the API, and what each must reach at least once (a 2xx).
ROLES = {
    "demo-politie": ("POST /api/v1/cases", "POST /api/v1/routing/decide"),
    "demo-zc-flevoland": (
        "POST /api/v1/cases",
        "POST /api/v1/matches",
        "POST /api/v1/routing/decide",
    ),
    "demo-comensha": ("POST /api/v1/cases", "POST /api/v1/matches", "GET /api/v1/statistics"),
    "demo-nla": ("POST /api/v1/cases", "POST /api/v1/matches"),
    "demo-opvang-ctm": ("GET /api/v1/places",),
    "demo-beleid": ("GET /api/v1/statistics",),
}


ROLE_OF = {
    "demo-politie": Role.SIGNALLER,
    "demo-zc-flevoland": Role.REGIONAL_COORDINATOR,
    "demo-comensha": Role.COMENSHA,
    "demo-nla": Role.NLA,
    "demo-opvang-ctm": Role.SHELTER_STAFF,
    "demo-beleid": Role.POLICY_OFFICER,
}


def operations_of(role: Role) -> list[str]:
    """The API operations the access policy lets ``role`` use, named as schemathesis names them
    (``POST /api/v1/cases/{number}/referrals``)."""
    prefix, api_urls = get_resolver().namespace_dict["api-v1"]
    names = []
    for row in MATRIX:
        if row.name.startswith("api-v1:") and role in row.allowed:
            entry = api_urls.reverse_dict.getlist(row.name.removeprefix("api-v1:"))[0]
            [(route, _params)] = entry[0]
            names.append(f"{row.method} /{prefix}{re.sub(r'%\((\w+)\)s', r'{\1}', route)}")
    return names


def scope_of(username: str) -> list[str]:
    operations = operations_of(ROLE_OF[username])
    assert set(ROLES[username]) <= set(operations), (username, operations)
    return [arg for name in operations for arg in ("--include-name", name)]


def token_for(live_app: LiveApp, username: str) -> str:
    out = live_app.command("api-token", "create", username, "--name", "schemathesis", "--days", "1")
    return out.stdout.split()[0]


# FUZZ_ROLES=demo-politie,demo-comensha runs a part (each role is a server and a run of its own).
CHOSEN = [r for r in os.environ.get("FUZZ_ROLES", "").split(",") if r] or list(ROLES)
# Roles fuzzed at the same time. One run keeps about one core busy (the fuzzer generates, then
# waits for its server), so two at a time use both cores of the CI machine.
AT_ONCE = int(os.environ.get("FUZZ_AT_ONCE", "2"))


@dataclass(frozen=True)
class Run:
    url: str
    returncode: int
    stdout: str
    entries: list[dict[str, Any]]


def fuzz(username: str, scope: list[str], var_dir: Path, report_dir: Path) -> Run:
    """One role's run against a server of its own: the fuzzer creates thousands of cases,
    referrals and waits, which must become part neither of the world the browser journeys walk
    through nor of another role's run."""
    with contextmanager(start_live_app)(var_dir) as live_app:
        token = token_for(live_app, username)
        result = subprocess.run(  # noqa: S603
            [
                *(sys.executable, "-m", "schemathesis.cli", "--config-file", "schemathesis.toml"),
                *("run", f"{live_app.url}/api/v1/openapi.json"),
                *("-H", f"Authorization: Bearer {token}", "--max-examples", str(EXAMPLES)),
                *("--seed", str(SEED), "--phases", PHASES),
                *("--checks", "all", "--mode", "positive", "--workers", "1", "--no-color"),
                *("--request-timeout", "30", "--report", "har", "--report-dir", str(report_dir)),
                # The body of POST /cases (facts, identity, patterns) sometimes trips
                # Hypothesis' own generation health check; that is about the generator, not
                # the server.
                "--suppress-health-check=filter_too_much",
                *scope,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=3600 if DEEP else 1200,
            check=False,
        )
    entries = [
        entry
        for har in report_dir.glob("har-*.json")
        for entry in json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    ]
    return Run(live_app.url, result.returncode, result.stdout, entries)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Future[Run]]:
    """Every chosen role's run, ``AT_ONCE`` at a time, started when the first test asks; each
    test then waits for its own role's. The HAR reports are kept where CI keeps its artefacts
    (CI_ARTEFACTS), else thrown away."""
    print(f"schemathesis: {EXAMPLES} examples per operation, --seed {SEED}, {AT_ONCE} at once")
    pool = ThreadPoolExecutor(max_workers=AT_ONCE)
    futures = {}
    for username in CHOSEN:
        report_dir = tmp_path_factory.mktemp(f"har-{username}")
        if os.environ.get("CI_ARTEFACTS"):
            report_dir = Path(os.environ["CI_ARTEFACTS"]) / "schemathesis" / username
            report_dir.mkdir(parents=True, exist_ok=True)
            for old in report_dir.glob("har-*.json"):
                old.unlink()
        var_dir = tmp_path_factory.mktemp(f"fuzzed-{username}")
        scope = [] if DEEP else scope_of(username)
        futures[username] = pool.submit(fuzz, username, scope, var_dir, report_dir)
    pool.shutdown(wait=False)
    return futures


@pytest.mark.parametrize("username", CHOSEN)
def test_schemathesis_finds_nothing_and_reaches_the_core_operations(
    runs: dict[str, Future[Run]], username: str
) -> None:
    run = runs[username].result()
    assert run.returncode == 0, f"--seed {SEED} ({username})\n" + run.stdout[-4000:]
    assert "Stateful" in run.stdout, run.stdout[-2000:]
    answers: Counter[tuple[str, int]] = Counter()
    for entry in run.entries:
        path = entry["request"]["url"].split("?")[0].removeprefix(run.url)
        answers[(f"{entry['request']['method']} {path}", entry["response"]["status"])] += 1
    assert not [key for key in answers if key[1] >= 500], answers
    for operation in ROLES[username]:
        assert any(op == operation and status < 300 for op, status in answers), (operation, answers)
