"""Monthly summary counts of the ``CaseFlow`` tables: what a year's catalogue counts in a few
thousand rows instead of a scan of every case signalled in it (ADR 0016).

``FlowCount`` holds, for every catalogue table of the ``cases`` and ``suitable_placements``
populations, the number of cases per month, care region, police unit and value(s) of the
table's other dimensions. It is a cache of ``CaseFlow`` and nothing else: the refresh applies
the difference between a case's old and new ``CaseFlow`` row (``apply_flow_changes``), and
``flow_counts_rebuild`` refills it from ``CaseFlow`` at any moment. The month is the signal's
month for ``cases`` and the first suitable placement's month for ``suitable_placements``, both
in the Netherlands' local time, as ``figures`` counts them.

Whole-month periods (year, quarter, month) are counted from here; a custom range of days
(only for roles with access to every case) is counted from ``CaseFlow`` as before.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Case, CharField, QuerySet, Sum, Value, When
from django.utils import timezone

from veiligeplek.domain.periods import Period
from veiligeplek.monitor.catalogue import CASES, CATALOGUE, SUITABLE, TableSpec
from veiligeplek.monitor.models import CaseFlow, FlowCount

if TYPE_CHECKING:
    from veiligeplek.monitor.figures import Context

YES, NO = "yes", "no"
BUCKET = ("month", "region")  # dimensions taken from the row's own columns, not from a/b
SUMMARISED: tuple[TableSpec, ...] = tuple(
    spec for spec in CATALOGUE if spec.population in {CASES, SUITABLE}
)
Key = tuple[str, str, str, str, str, str]  # table, month, region, police unit, a, b


def _yes(value: object) -> str:
    return NO if value is None or value is False else YES


def _value(flow: CaseFlow, dimension: str) -> str:
    """A dimension's value for one case, written as the per-table queries write it."""
    if dimension == "route":
        return f"{flow.track}/{flow.category}"
    if dimension == "picked_up":
        return _yes(flow.picked_up_at)
    if dimension == "handed_over":
        return _yes(flow.handed_over_at)
    value = getattr(flow, dimension)
    if isinstance(value, bool):
        return YES if value else NO
    return str(value)


def flow_keys(flow: CaseFlow) -> list[Key]:
    """The summary cells one case counts in (one per summarised table it belongs to)."""
    keys: list[Key] = []
    suitable_month = (
        f"{timezone.localtime(flow.suitable_placement_at):%Y-%m}"
        if flow.suitable_placement_at is not None
        and flow.distance_km is not None
        and flow.outside_region is not None
        else None
    )
    for spec in SUMMARISED:
        month = flow.signal_month if spec.population == CASES else suitable_month
        if month is None:
            continue
        rest = [_value(flow, d) for d in spec.dimensions if d not in BUCKET]
        a, b = (*rest, "", "")[:2]
        keys.append((spec.id, month, flow.region, flow.police_unit, a, b))
    return keys


def apply_flow_changes(old: Iterable[CaseFlow], new: Iterable[CaseFlow]) -> None:
    """Take the ``old`` rows out of the summary and put the ``new`` ones in."""
    delta: Counter[Key] = Counter()
    for flow in old:
        delta.subtract(flow_keys(flow))
    for flow in new:
        delta.update(flow_keys(flow))
    _add(delta)


def _add(delta: Mapping[Key, int]) -> None:
    rows = [(*key, n) for key, n in delta.items() if n]
    if not rows:
        return
    table = FlowCount._meta.db_table
    # One statement for both databases (SQLite >= 3.24 and PostgreSQL know ON CONFLICT).
    insert = (
        f"INSERT INTO {table} (table_id, month, region, police_unit, a, b, n) "  # noqa: S608 - fixed names
        "VALUES (%s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (table_id, month, region, police_unit, a, b) "
        f"DO UPDATE SET n = {table}.n + excluded.n"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(insert, rows[start : start + 1000])
        cursor.execute(f"DELETE FROM {table} WHERE n = 0")  # noqa: S608 - fixed name


def missing() -> bool:
    """An empty summary beside derived rows: the summary is new (its migration) or was cleared."""
    return not FlowCount.objects.exists() and CaseFlow.objects.exists()


def flow_counts_clear() -> None:
    FlowCount.objects.all().delete()


@transaction.atomic
def flow_counts_rebuild(chunk: int = 20_000) -> int:
    """Refill the summary from ``CaseFlow``; returns the number of summary rows."""
    flow_counts_clear()
    counted: Counter[Key] = Counter()
    for flow in CaseFlow.objects.order_by().iterator(chunk_size=chunk):
        counted.update(flow_keys(flow))
    _add(counted)
    return FlowCount.objects.count()


def covers(period: Period) -> bool:
    """Whether the period is made of whole months (so the summary can count it)."""
    return period.start.day == 1 and (period.end + dt.timedelta(days=1)).day == 1


def summary_counts(
    ctx: Context, specs: Sequence[TableSpec]
) -> dict[str, dict[tuple[str, ...], int]]:
    """Each table's counts for the context's whole-month period and scope, from the summary."""
    months = ctx.period.months()
    rows = FlowCount.objects.filter(
        table_id__in=[s.id for s in specs], month__gte=months[0], month__lte=months[-1]
    )
    scope = ctx.scope.flow_filter
    if "police_unit" in scope:
        rows = rows.filter(police_unit=scope["police_unit"])
    elif scope:  # a care region, or the regions a central municipality is central for
        rows = rows.filter(region__in=ctx.scope.regions)
    by_id = {s.id: s for s in specs}
    with_month = [s.id for s in specs if "month" in s.dimensions]
    with_region = [s.id for s in specs if "region" in s.dimensions]
    out: dict[str, dict[tuple[str, ...], int]] = {s.id: {} for s in specs}
    grouped = _grouped(rows, with_month, with_region)
    for table_id, month, region, a, b, n in grouped:
        spec = by_id[table_id]
        rest = iter((a, b))
        key = tuple(
            month if d == "month" else region if d == "region" else next(rest)
            for d in spec.dimensions
        )
        out[table_id][key] = out[table_id].get(key, 0) + int(n)
    return out


def _grouped(
    rows: QuerySet[FlowCount], with_month: list[str], with_region: list[str]
) -> list[tuple[str, str, str, str, str, int]]:
    """SUM(n) per table and key: month and region kept only for the tables that show them."""

    def kept(column: str, tables: list[str]) -> Case:
        return Case(
            When(table_id__in=tables or ["-"], then=column),
            default=Value(""),
            output_field=CharField(),
        )

    queryset = (
        rows.annotate(m=kept("month", with_month), r=kept("region", with_region))
        .values("table_id", "m", "r", "a", "b")
        .annotate(n=Sum("n"))
        .order_by()
    )
    return [(q["table_id"], q["m"], q["r"], q["a"], q["b"], q["n"]) for q in queryset]
