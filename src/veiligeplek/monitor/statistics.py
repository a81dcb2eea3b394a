"""The published statistics for one period and scope: the catalogue's tables and figures, exact
for a role with access to every case behind them, through the disclosure control otherwise.

The JSON shape (the contract of ``GET /api/v1/statistics`` and ``veiligeplek statistics``):
``period``, ``scope``, ``threshold``, ``exact``, ``tables`` (``id``, ``title``, ``population``,
``dimensions``, ``cells`` with ``key`` and ``count`` or ``suppressed: true``; totals as ``"*"``)
and ``figures`` (``id``, ``key``, ``n``, ``median``/``p90`` or ``share``, or ``suppressed``), and
``as_of``: when the figures were computed (they may be up to ``STATISTICS_MAX_AGE_SECONDS`` old
while the worker computes those of newer data; ADR 0019).
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django.utils.translation import get_language
from django_tasks_db.models import DBTaskResult

from veiligeplek.domain import disclosure
from veiligeplek.domain.disclosure import TOTAL, CountTable, PublishedCell, PublishedTable
from veiligeplek.domain.periods import Period, PeriodKind, parse_period, year
from veiligeplek.monitor import figures as f
from veiligeplek.monitor.access import PERIOD_REFUSED
from veiligeplek.monitor.catalogue import CATALOGUE, FIGURE_SPECS
from veiligeplek.monitor.models import FlowWatermark, StoredStatistics
from veiligeplek.monitor.scope import NATIONAL, Scope, ScopeKind, parse_scope
from veiligeplek.monitor.services import case_flows_refresh

TITLES = {spec.id: spec.title for spec in CATALOGUE}


def threshold() -> int:
    value: int = settings.DISCLOSURE_THRESHOLD
    return value


@dataclass(frozen=True)
class Statistics:
    period: Period
    scope: Scope
    threshold: int
    exact: bool
    tables: tuple[PublishedTable, ...]
    figures: tuple[dict[str, Any], ...]
    as_of: dt.datetime  # when these figures were computed
    current: bool = True  # computed from the newest data (False: stored, the next one coming)

    def table(self, table_id: str) -> PublishedTable:
        return next(t for t in self.tables if t.table.id == table_id)

    def cell(self, table_id: str, *key: str) -> int | None:
        published = self.table(table_id)
        for cell in published.cells:
            if cell.key == key:
                return cell.count
        raise KeyError((table_id, key))

    def figure(self, figure_id: str, **key: str) -> dict[str, Any] | None:
        for figure in self.figures:
            if figure["id"] == figure_id and figure["key"] == key:
                return figure
        return None

    def as_json(self) -> dict[str, Any]:
        return {
            "period": {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()},
            "scope": self.scope.code,
            "threshold": self.threshold,
            "exact": self.exact,
            "tables": [_table_json(t) for t in self.tables],
            "figures": list(self.figures),
            "as_of": self.as_of.isoformat(),
        }


def _table_json(published: PublishedTable) -> dict[str, Any]:
    table = published.table
    cells = []
    for cell in published.cells:
        key = dict(zip(table.dimensions, cell.key, strict=True))
        cells.append(
            {"key": key, "suppressed": True}
            if cell.count is None
            else {"key": key, "count": cell.count}
        )
    return {
        "id": table.id,
        "title": str(TITLES.get(table.id, table.id)),
        "population": table.population,
        "dimensions": list(table.dimensions),
        "cells": cells,
    }


def _n_cells(tables: Mapping[str, PublishedTable], figure: f.Figure) -> list[int | None] | None:
    spec = FIGURE_SPECS[figure.id]
    published = tables.get(spec.n_table)
    if published is None:
        return None
    first = next(iter(figure.key.values()))
    lead = TOTAL if first == "all" else first
    wanted = {(lead, v) for v in spec.n_values}
    return [c.count for c in published.cells if c.key in wanted]


def _figure_json(
    figure: f.Figure, tables: Mapping[str, PublishedTable], *, exact: bool, limit: int
) -> dict[str, Any]:
    """A derived figure, or ``suppressed`` when its n is below the threshold or is not the
    sum of published cells of the catalogue (the n is itself a published count). Also at
    n = 0: a region's tables hidden whole hide their zeros too (``protect_part``), and an n of
    0 beside them would show those zeros."""
    out: dict[str, Any] = {"id": figure.id, "key": dict(figure.key)}
    if not exact:
        cells = _n_cells(tables, figure)
        hidden = cells is None or None in cells or sum(c or 0 for c in cells) != figure.n
        if hidden or (figure.n and not disclosure.figure_visible(figure.n, threshold=limit)):
            return {**out, "suppressed": True}
    out["n"] = figure.n
    if figure.share is not None or figure.id.startswith("share_"):
        out["share"] = figure.share
    else:
        out["median"], out["p90"] = figure.median, figure.p90
    return out


_cache: OrderedDict[tuple[Any, ...], Statistics] = OrderedDict()
_lock = threading.Lock()
CACHE_SIZE = 64


KEEP_SECONDS = 60  # the worker looks for newer data this often
KEEP_READ_WITHIN = dt.timedelta(days=2)  # and keeps current the answers read this lately
KEEP_AT_MOST = 50  # (the most recently read first)


def max_age_seconds() -> int:
    value: int = settings.STATISTICS_MAX_AGE_SECONDS
    return value


def statistics_for(
    period: Period,
    scope: Scope,
    *,
    exact: bool,
    insider: str = "",
    max_age: int | None = None,
    wake: bool = True,
) -> Statistics:
    """The catalogue for one period and scope. The flows are refreshed first; the answer for
    the newest data is kept per process and stored (``StoredStatistics``). After a timeline
    event, an answer stored at most ``max_age`` seconds ago (default
    ``STATISTICS_MAX_AGE_SECONDS``) is given while the worker computes the new one; an older
    one, or none, is computed here and then (ADR 0019). ``max_age=0``: always the newest.

    ``insider``: a care region whose cases the reader sees exactly (a coordinator's own); a
    protected scope that contains it is then protected against what she knows. ``wake``: queue
    the keeper when it is not queued (a reader does; the keeper itself, which queues its own
    successor, does not)."""
    if exact or insider not in scope.regions or scope.code == insider:
        insider = ""
    case_flows_refresh()
    mark = _mark()
    limit = threshold()
    key = (period, scope.code, exact, insider, limit, mark, get_language())
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    where = _stored_key(period, scope, exact=exact, insider=insider, limit=limit)
    stored = StoredStatistics.objects.filter(**where).first()
    now = timezone.now()
    if stored is not None and (stored.version, stored.token) == mark:
        _mark_read(stored, now)
        result = _decoded(stored, period, scope)
    else:
        age = max_age_seconds() if max_age is None else max_age
        if stored is not None and now - stored.computed_at <= dt.timedelta(seconds=age):
            _mark_read(stored, now)
            keeper_wake()
            return _decoded(stored, period, scope, current=False)
        result = _compute(period, scope, exact=exact, limit=limit, insider=insider, mark=mark)
        _store(result, period, where, mark)
        if wake:
            keeper_wake()
    with _lock:
        _cache[key] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def _mark() -> tuple[int, uuid.UUID]:
    row = FlowWatermark.objects.filter(id=1).values_list("version", "token").first()
    return row if row is not None else (0, uuid.UUID(int=0))


def _stored_key(
    period: Period, scope: Scope, *, exact: bool, insider: str, limit: int
) -> dict[str, Any]:
    return {
        "period_start": period.start,
        "period_end": period.end,
        "scope": scope.code,
        "exact": exact,
        "insider": insider,
        "threshold": limit,
    }


def _store(
    result: Statistics, period: Period, where: dict[str, Any], mark: tuple[int, uuid.UUID]
) -> None:
    """Insert or replace (one statement: two processes storing at once cannot collide)."""
    row = StoredStatistics(
        **where,
        period=period.label,
        version=mark[0],
        token=mark[1],
        computed_at=result.as_of,
        read_at=result.as_of,
        body=_encoded(result),
    )
    StoredStatistics.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=list(where),
        update_fields=["period", "version", "token", "computed_at", "read_at", "body"],
    )


def _mark_read(stored: StoredStatistics, now: dt.datetime) -> None:
    if now - stored.read_at >= dt.timedelta(minutes=1):  # one write a minute at most
        StoredStatistics.objects.filter(pk=stored.pk).update(read_at=now)


# --- The worker keeps the stored answers current ---


def keeper_wake() -> None:
    """Queue the keeper now unless it is queued already (it then queues itself again every
    ``KEEP_SECONDS``; a reader wakes it if the worker lost it)."""
    if not _keeper_queued():
        transaction.on_commit(lambda: None if _keeper_queued() else statistics_keep.enqueue())


def _keeper_queued() -> bool:
    return DBTaskResult.objects.filter(
        task_path=statistics_keep.module_path, status=TaskResultStatus.READY
    ).exists()


@task()
def statistics_keep() -> int:
    """The worker: the figures of the newest data for every stored answer read lately, so that
    readers need not wait for a count; then again in ``KEEP_SECONDS``. Returns how many it
    computed. Its own finished runs older than an hour are removed (one a minute)."""
    computed = stored_statistics_refresh()
    DBTaskResult.objects.filter(
        task_path=statistics_keep.module_path,
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=timezone.now() - dt.timedelta(hours=1),
    ).delete()
    if not _keeper_queued():
        run_after = timezone.now() + dt.timedelta(seconds=KEEP_SECONDS)
        statistics_keep.using(run_after=run_after).enqueue()
    return computed


def stored_statistics_refresh() -> int:
    """Compute and store anew every answer read within ``KEEP_READ_WITHIN`` (at most
    ``KEEP_AT_MOST``, the most recently read) that is not of the newest data; answers of
    another disclosure threshold than today's are removed."""
    case_flows_refresh()
    limit = threshold()
    StoredStatistics.objects.exclude(threshold=limit).delete()
    version, token = _mark()
    outdated = (
        StoredStatistics.objects.filter(read_at__gte=timezone.now() - KEEP_READ_WITHIN)
        .exclude(version=version, token=token)
        .order_by("-read_at")[:KEEP_AT_MOST]
    )
    rows = list(outdated.values_list("period", "scope", "exact", "insider"))
    # A year's quarters one after another: they share one protected catalogue (_years).
    rows.sort(key=lambda r: (r[0][:4], r[1], r[2], r[3], r[0]))
    return _compute_and_store(rows)


def _compute_and_store(answers: Sequence[Sequence[Any]]) -> int:
    """Each ``(period, scope, exact, insider)`` computed for the newest data and stored, without
    waking the keeper (the keeper itself, or a task beside it, runs this)."""
    for period, scope, exact, insider in answers:
        statistics_for(
            parse_period(period),
            parse_scope(scope),
            exact=exact,
            insider=insider,
            max_age=0,
            wake=False,
        )
    return len(answers)


@task()
def statistics_warm(answers: list[list[Any]]) -> int:
    """Compute and store ``answers`` (each ``[period, scope, exact, insider]``) for the newest
    data, in order, so that their first readers need not wait for a computation: protecting a
    year by quarter takes seconds (ADR 0010). ``load-demo`` queues its users' home figures."""
    return _compute_and_store(answers)


def _encoded(result: Statistics) -> dict[str, Any]:
    return {
        "tables": [
            {
                "id": t.table.id,
                "population": t.table.population,
                "dimensions": list(t.table.dimensions),
                "values": [list(v) for v in t.table.values],
                "cells": [[*c.key, c.count] for c in t.cells],
            }
            for t in result.tables
        ],
        "figures": list(result.figures),
    }


def _decoded(
    stored: StoredStatistics, period: Period, scope: Scope, *, current: bool = True
) -> Statistics:
    tables = tuple(
        PublishedTable(
            CountTable(
                t["id"],
                t["population"],
                tuple(t["dimensions"]),
                tuple(tuple(v) for v in t["values"]),
            ),
            tuple(PublishedCell(tuple(c[:-1]), c[-1]) for c in t["cells"]),
        )
        for t in stored.body["tables"]
    )
    return Statistics(
        period,
        scope,
        stored.threshold,
        stored.exact,
        tables,
        tuple(stored.body["figures"]),
        as_of=stored.computed_at,
        current=current,
    )


def _compute(
    period: Period,
    scope: Scope,
    *,
    exact: bool,
    limit: int,
    insider: str = "",
    mark: tuple[int, uuid.UUID] | None = None,
) -> Statistics:
    ctx = f.context(period, scope)
    published: Sequence[PublishedTable]
    if exact:
        published = disclosure.exact(f.count_tables(ctx))
    elif period.kind in {PeriodKind.YEAR, PeriodKind.QUARTER}:
        joint = _protected_year(
            period.start.year,
            scope,
            limit=limit,
            insider=insider,
            mark=(mark or _mark(), ctx.locations),  # the data and the registry's locations
        )
        published = _quarter_slice(joint, period, f.shapes(ctx))
    else:  # every door refuses these first (monitor.access); never protect them one by one
        raise ValueError(f"period: {PERIOD_REFUSED}")
    by_id = {t.table.id: t for t in published}
    shown = tuple(
        _figure_json(figure, by_id, exact=exact, limit=limit) for figure in f.figures(ctx)
    )
    return Statistics(period, scope, limit, exact, tuple(published), shown, as_of=timezone.now())


_years: OrderedDict[tuple[Any, ...], tuple[PublishedTable, ...]] = OrderedDict()
YEARS_CACHED = 64  # years x scopes x readers the keeper may compute in one round


def _protected_year(
    number: int, scope: Scope, *, limit: int, insider: str, mark: tuple[Any, ...]
) -> tuple[PublishedTable, ...]:
    """The year's catalogue by quarter (``figures.count_tables_by_quarter``), protected once
    for the year and its four quarters together, so that no quarter can be differenced from
    the year and the other three (ADR 0010); kept per version of the data. With ``insider``,
    against what a coordinator knows of her own region, quarter by quarter. A smaller scope (a
    region) is protected against the national figures as everyone gets them
    (``disclosure.protect_part``), so that its reader cannot difference the two."""
    key = (number, scope.code, insider, limit, mark)
    with _lock:
        hit = _years.get(key)
        if hit is not None:
            _years.move_to_end(key)
            return hit
    if insider:
        counts = f.count_tables_by_quarter(number, scope)
        known = f.count_tables_by_quarter(number, scope, part=parse_scope(insider))
        joint = disclosure.protect_for_insider(
            counts, known, threshold=limit, hierarchies=f.LINKS, implications=f.IMPLICATIONS
        )
    elif scope.kind != ScopeKind.NATIONAL:
        # A region's reader also sees the national figures: the region is protected against
        # them as they are published, in the national shape (ADR 0010, across scopes).
        national = parse_scope(NATIONAL)
        joint = disclosure.protect_part(
            f.count_tables_by_quarter(number, national),
            f.count_tables_by_quarter(number, national, part=scope),
            _protected_year(number, national, limit=limit, insider="", mark=mark),
            threshold=limit,
            hierarchies=f.LINKS,
            implications=f.IMPLICATIONS,
            all_in_part=_all_in(scope),
        )
    else:
        joint = disclosure.protect(
            f.count_tables_by_quarter(number, scope),
            threshold=limit,
            hierarchies=f.LINKS,
            implications=f.IMPLICATIONS,
        )
    with _lock:
        _years[key] = joint
        while len(_years) > YEARS_CACHED:
            _years.popitem(last=False)
    return joint


def _all_in(scope: Scope) -> dict[str, tuple[str, ...]]:
    """The care regions whose every case is in the scope (a police unit counts a case by the
    municipality it lives in, not by its region: none for certain)."""
    whole_regions = {ScopeKind.REGION, ScopeKind.CENTRAL_MUNICIPALITY}
    return {"region": scope.regions} if scope.kind in whole_regions else {}


def _quarter_slice(
    joint: Sequence[PublishedTable], period: Period, shapes: Sequence[CountTable]
) -> tuple[PublishedTable, ...]:
    """The year (``"*"``) or one quarter of the protected joint catalogue, in the shape of the
    period's own tables: a quarter lists its own months only (the other months' cells are
    zeros, published as such in the year's)."""
    value = TOTAL if period.kind == PeriodKind.YEAR else f.QUARTERS[period.start.month // 3]
    out = []
    sliced = disclosure.restrict(joint, dimension=f.QUARTER, value=value)
    for table, shape in zip(sliced, shapes, strict=True):
        allowed = [{*values, TOTAL} for values in shape.values]
        cells = []
        for cell in table.cells:
            if all(x in a for x, a in zip(cell.key, allowed, strict=True)):
                cells.append(cell)
            elif cell.count:  # a month outside the quarter, a region outside the scope: zero
                raise AssertionError(f"{shape.id}: {cell.key} outside {period.label} is not 0")
        out.append(PublishedTable(shape, tuple(cells)))
    return tuple(out)


@dataclass(frozen=True)
class GapBox:
    """The national overview's "Tekorten" box, read from the monitoring's catalogue of this year
    (national), so that it shows what the disclosure control publishes: ``None`` is a
    suppressed count. Exact only for a role with access to every case behind it."""

    year: int
    exact: bool
    national_gap_cases: int | None
    ad_hoc_by_kind: tuple[tuple[str, int | None], ...]  # (kind, count), zeros left out
    declines_by_reason: tuple[tuple[str, int | None], ...]


OVERVIEW_MAX_AGE = 24 * 3600  # seconds


def gap_box(*, today: dt.date, exact: bool, insider: str = "") -> GapBox:
    """The overview must not wait for a computation: an answer stored within
    ``OVERVIEW_MAX_AGE`` is shown while the worker brings it up to date (within a minute or
    two when it runs); only with none, the first time, is it computed here. With
    ``STATISTICS_MAX_AGE_SECONDS = 0`` the overview, too, waits for the newest."""
    stats = statistics_for(
        year(today.year),
        parse_scope("national"),
        exact=exact,
        insider=insider,
        max_age=OVERVIEW_MAX_AGE if max_age_seconds() else 0,
    )

    def margin(table_id: str) -> tuple[tuple[str, int | None], ...]:
        cells = stats.table(table_id).cells
        return tuple(
            (c.key[0], c.count)
            for c in cells
            if c.key[0] != TOTAL and c.key[1] == TOTAL and c.count != 0
        )

    return GapBox(
        year=today.year,
        exact=exact,
        national_gap_cases=stats.cell("cases_by_gap_profile_and_national_gap", TOTAL, "yes"),
        ad_hoc_by_kind=margin("ad_hoc_placements_by_kind_and_duration"),
        declines_by_reason=margin("declines_by_reason_and_category"),
    )
