"""``bench/scopes.py`` works on a small recorded world: every region at once, the regions as
slices of a widened national catalogue, and the joint protection each audit to no violation.
No timings asserted."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bench.scopes import _alone, _joint, _parts, _slices

from tests.cases.conftest import ctx, facts, people  # noqa: F401 - fixtures
from tests.monitor.conftest import build_world
from veiligeplek.accounts.models import User
from veiligeplek.domain import disclosure
from veiligeplek.monitor import figures as f
from veiligeplek.monitor.scope import parse_scope
from veiligeplek.monitor.services import case_flows_refresh

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
RULES: dict[str, Any] = {"hierarchies": f.LINKS, "implications": f.IMPLICATIONS}


def test_every_way_across_scopes_runs_and_audits_clean(
    people: dict[str, User],  # noqa: F811 - the fixture's value
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert len(build_world(people).cases) > 1
    case_flows_refresh()
    counts = f.count_tables_by_quarter(2026, parse_scope("national"))
    published = disclosure.protect(counts, **RULES)
    _parts(2026, counts, published, RULES, by_quarter=True)
    _slices(2026, counts, published, RULES)
    _joint(2026, counts, RULES, by_quarter=False)
    _alone(2026, counts, published, ["VT01"], RULES)
    out = capsys.readouterr().out
    assert "VT01: 0 of its counts of 1-9 pinned by the national figures alone" in out
    assert "every region at once:" in out and "widened:" in out and "joint:" in out
    audits = re.findall(r"(\d+) violations", out)
    assert audits == ["0", "0", "0"]
