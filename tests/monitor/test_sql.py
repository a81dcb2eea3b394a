"""PostgreSQL's one-scan road (GROUPING SETS, percentile_cont) gives exactly what the per-table
queries and the Python medians give."""

from __future__ import annotations

import pytest

from tests.monitor.conftest import World
from veiligeplek.domain.periods import parse_period
from veiligeplek.monitor import figures as f
from veiligeplek.monitor import sql
from veiligeplek.monitor.catalogue import CATALOGUE
from veiligeplek.monitor.scope import parse_scope
from veiligeplek.monitor.services import case_flows_refresh

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.mark.parametrize("scope", ["national", "VT01", "GM0363", "RE05"])
def test_one_scan_per_population_equals_one_query_per_table(world: World, scope: str) -> None:
    if not sql.available():
        pytest.skip("PostgreSQL only")
    case_flows_refresh()
    ctx = f.context(parse_period("2026"), parse_scope(scope))
    for population, column in f.SCANNED.items():
        specs = [s for s in CATALOGUE if s.population == population]
        scanned = sql.grouped_counts(ctx, specs, time_column=column)
        for spec in specs:
            one = f.COUNTERS.get(spec.id, f._cases_table)(ctx, spec)
            assert scanned[spec.id] == {k: n for k, n in one.items() if "None" not in k}, spec.id
    assert sql.duration_spreads(ctx) == f._duration_spreads_in_python(ctx)
