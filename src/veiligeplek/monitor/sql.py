"""PostgreSQL's faster road to the same counts: every table of one population in one scan
(``GROUP BY GROUPING SETS``) and the medians in the database (``percentile_cont``, the same
interpolation as ``domain.monitoring.quantile``). ``figures`` uses it on PostgreSQL and the
plain per-table queries elsewhere; a test holds the two equal (tests/monitor/test_sql.py).

Measured in docs/benchmarks.md: at a million cases one scan per population instead of one per
table is what keeps the catalogue within its target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.db import connection

from veiligeplek.domain import monitoring as m
from veiligeplek.monitor.catalogue import TableSpec

if TYPE_CHECKING:
    from veiligeplek.monitor.figures import Context

# Dimension -> SQL expression over monitor_caseflow (values as the ORM path writes them).
EXPRESSIONS: Mapping[str, str] = {
    "month": "signal_month",
    "national_gap": "CASE WHEN national_gap THEN 'yes' ELSE 'no' END",
    "outside_region": "CASE WHEN outside_region THEN 'yes' ELSE 'no' END",
    "route": "track || '/' || category",
    "picked_up": "CASE WHEN picked_up_at IS NULL THEN 'no' ELSE 'yes' END",
    "handed_over": "CASE WHEN handed_over_at IS NULL THEN 'no' ELSE 'yes' END",
}
SCOPE_COLUMNS = frozenset({"region", "central_municipality", "police_unit"})


def available() -> bool:
    return connection.vendor == "postgresql"


def _where(ctx: Context, time_column: str) -> tuple[str, list[dt.datetime | str]]:
    clauses = [f"{time_column} >= %s", f"{time_column} < %s"]
    params: list[dt.datetime | str] = [ctx.start, ctx.end]
    for column, value in ctx.scope.flow_filter.items():
        if column not in SCOPE_COLUMNS:
            raise ValueError(column)
        clauses.append(f"{column} = %s")
        params.append(value)
    if time_column == "suitable_placement_at":
        clauses += ["distance_km IS NOT NULL", "outside_region IS NOT NULL"]
    return " AND ".join(clauses), params


def grouped_counts(
    ctx: Context, specs: Sequence[TableSpec], *, time_column: str
) -> dict[str, dict[tuple[str, ...], int]]:
    """The counts of every table in ``specs`` (one population) from one scan."""
    dimensions = sorted({d for spec in specs for d in spec.dimensions})
    expressions = [EXPRESSIONS.get(d, d) for d in dimensions]
    sets = ", ".join(
        "(" + ", ".join(expressions[dimensions.index(d)] for d in spec.dimensions) + ")"
        for spec in specs
    )
    where, params = _where(ctx, time_column)
    query = (
        f"SELECT {', '.join(expressions)}, GROUPING({', '.join(expressions)}), COUNT(*) "  # noqa: S608 - fixed expressions
        f"FROM monitor_caseflow WHERE {where} GROUP BY GROUPING SETS ({sets})"
    )
    masks = {_mask(dimensions, spec.dimensions): spec for spec in specs}
    out: dict[str, dict[tuple[str, ...], int]] = {spec.id: {} for spec in specs}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for row in cursor.fetchall():
            *values, mask, count = row
            spec = masks[mask]
            key = tuple(str(values[dimensions.index(d)]) for d in spec.dimensions)
            out[spec.id][key] = int(count)
    return out


def _mask(dimensions: Sequence[str], grouped: Sequence[str]) -> int:
    """PostgreSQL's GROUPING(): a bit per argument, leftmost highest, 1 = not grouped."""
    mask = 0
    for d in dimensions:
        mask = (mask << 1) | (0 if d in grouped else 1)
    return mask


DURATIONS = ("days_to_pickup", "days_to_first_placement", "days_to_suitable_placement")


def duration_spreads(ctx: Context) -> dict[tuple[str, str], m.Spread]:
    """(column, route) -> n, median, p90, for every route and "all"."""
    aggregates = ", ".join(
        f"COUNT({c}), percentile_cont(0.5) WITHIN GROUP (ORDER BY {c}), "
        f"percentile_cont(0.9) WITHIN GROUP (ORDER BY {c})"
        for c in DURATIONS
    )
    where, params = _where(ctx, "signal_at")
    query = (
        f"SELECT track, category, GROUPING(track, category), {aggregates} "  # noqa: S608 - fixed columns
        f"FROM monitor_caseflow WHERE {where} GROUP BY GROUPING SETS ((track, category), ())"
    )
    out: dict[tuple[str, str], m.Spread] = {}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for track, category, mask, *numbers in cursor.fetchall():
            route = "all" if mask else f"{track}/{category}"
            for index, column in enumerate(DURATIONS):
                n, median, p90 = numbers[3 * index : 3 * index + 3]
                out[(column, route)] = m.Spread(
                    int(n),
                    None if median is None else round(float(median), 1),
                    None if p90 is None else round(float(p90), 1),
                )
    return out
