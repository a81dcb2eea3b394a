"""Issue 12, defect 9, at CI depth: schemathesis against a running server (demo data, as
`make run`) with a coordinator's and CoMensha's token. Every check passes — no server error,
no undocumented status, no schema-valid request refused beyond the rules in
schemathesis.toml — and each run creates cases, matches and routing decisions. The full depth
(100 examples per operation) is run by hand, see docs/operations.md ("API fuzzing")."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live import LiveApp, start_live_app

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = 15
POSITIVE = ("POST /api/v1/cases", "POST /api/v1/matches", "POST /api/v1/routing/decide")


def token_for(live_app: LiveApp, username: str) -> str:
    out = live_app.command("api-token", "create", username, "--name", "schemathesis", "--days", "1")
    return out.stdout.split()[0]


@pytest.fixture
def fuzzed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """A server of its own for each run: the fuzzer creates thousands of cases, referrals and
    waits, which must become part neither of the world the browser journeys walk through nor of
    the next run's."""
    yield from start_live_app(tmp_path_factory.mktemp("fuzzed"))


@pytest.mark.parametrize("username", ["demo-zc-flevoland", "demo-comensha"])
def test_schemathesis_finds_nothing_and_reaches_the_core_operations(
    fuzzed_app: LiveApp, username: str, tmp_path: Path
) -> None:
    live_app = fuzzed_app
    token = token_for(live_app, username)
    result = subprocess.run(  # noqa: S603
        [
            *(sys.executable, "-m", "schemathesis.cli", "--config-file", "schemathesis.toml"),
            *("run", f"{live_app.url}/api/v1/openapi.json"),
            *("-H", f"Authorization: Bearer {token}", "--max-examples", str(EXAMPLES)),
            *("--checks", "all", "--mode", "positive", "--workers", "1", "--no-color"),
            *("--request-timeout", "30", "--report", "har", "--report-dir", str(tmp_path)),
            # The body of POST /cases (facts, identity, patterns) sometimes trips Hypothesis'
            # own generation health check; that is about the generator, not the server.
            "--suppress-health-check=filter_too_much",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    entries = [
        entry
        for har in tmp_path.glob("har-*.json")
        for entry in json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    ]
    answers: Counter[tuple[str, int]] = Counter()
    for entry in entries:
        path = entry["request"]["url"].split("?")[0].removeprefix(live_app.url)
        answers[(f"{entry['request']['method']} {path}", entry["response"]["status"])] += 1
    assert not [key for key in answers if key[1] >= 500], answers
    for operation in POSITIVE:
        assert any(op == operation and status < 300 for op, status in answers), (operation, answers)
