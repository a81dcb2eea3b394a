"""The published statistics for one period and scope: the catalogue's tables and figures, exact
for a role with access to every case behind them, through the disclosure control otherwise.

The JSON shape (the contract of ``GET /api/v1/statistics`` and ``veiligeplek statistics``):
``period``, ``scope``, ``threshold``, ``exact``, ``tables`` (``id``, ``title``, ``population``,
``dimensions``, ``cells`` with ``key`` and ``count`` or ``suppressed: true``; totals as ``"*"``)
and ``figures`` (``id``, ``key``, ``n``, ``median``/``p90`` or ``share``, or ``suppressed``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

from veiligeplek.domain import disclosure
from veiligeplek.domain.disclosure import TOTAL, PublishedTable
from veiligeplek.domain.periods import Period, year
from veiligeplek.monitor import figures as f
from veiligeplek.monitor.catalogue import CATALOGUE, FIGURE_SPECS
from veiligeplek.monitor.models import FlowWatermark
from veiligeplek.monitor.scope import Scope, parse_scope
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
    """A derived figure, or ``suppressed`` when its n is below the threshold or its n is a
    suppressed cell of the catalogue (the n is itself a published count)."""
    out: dict[str, Any] = {"id": figure.id, "key": dict(figure.key)}
    if not exact:
        cells = _n_cells(tables, figure)
        hidden = cells is None or any(c is None for c in cells)
        if figure.n and (hidden or not disclosure.figure_visible(figure.n, threshold=limit)):
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


def statistics_for(period: Period, scope: Scope, *, exact: bool, insider: str = "") -> Statistics:
    """The catalogue for one period and scope, live: the flows are refreshed first, and the
    answer is kept per process until the next timeline event (or settings change).

    ``insider``: a care region whose cases the reader sees exactly (a coordinator's own); a
    protected scope that contains it is then protected against what she knows."""
    if exact or insider not in scope.regions or scope.code == insider:
        insider = ""
    case_flows_refresh()
    mark = FlowWatermark.objects.filter(id=1).values_list("version", "token").first()
    limit = threshold()
    key = (period, scope.code, exact, insider, limit, mark, get_language())
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    result = _compute(period, scope, exact=exact, limit=limit, insider=insider)
    with _lock:
        _cache[key] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def _compute(
    period: Period, scope: Scope, *, exact: bool, limit: int, insider: str = ""
) -> Statistics:
    ctx = f.context(period, scope)
    counts = f.count_tables(ctx)
    published: Sequence[PublishedTable]
    if exact:
        published = disclosure.exact(counts)
    elif insider:  # her region's catalogue in the same shape: what she knows exactly
        known = f.count_tables(ctx, part=f.context(period, parse_scope(insider)))
        published = disclosure.protect_for_insider(counts, known, threshold=limit)
    else:
        published = disclosure.protect(counts, threshold=limit)
    by_id = {t.table.id: t for t in published}
    shown = tuple(
        _figure_json(figure, by_id, exact=exact, limit=limit) for figure in f.figures(ctx)
    )
    return Statistics(period, scope, limit, exact, tuple(published), shown)


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


def gap_box(*, today: dt.date, exact: bool, insider: str = "") -> GapBox:
    stats = statistics_for(year(today.year), parse_scope("national"), exact=exact, insider=insider)

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
