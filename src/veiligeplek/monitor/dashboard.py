"""What the dashboard shows, built from the published statistics: per catalogue table a chart
and the table behind it, the funnel, the derived figures, occupancy and freshness.

Counts reach the page only through ``Statistics`` (exact or protected, per role); the
registry's own facts (places, occupancy, freshness) are facts about places, not people.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from veiligeplek.cases import monitoring as cases_door
from veiligeplek.domain.disclosure import TOTAL, PublishedTable
from veiligeplek.domain.monitoring import STEPS
from veiligeplek.monitor import figures as f
from veiligeplek.monitor.catalogue import FIGURE_SPECS
from veiligeplek.monitor.charts import Bar, Point, bar_chart_svg, line_chart_svg
from veiligeplek.monitor.labels import DIMENSION_TITLES, label
from veiligeplek.monitor.maps import Marker, RegionValue, places_map, region_map
from veiligeplek.monitor.scope import regions_now
from veiligeplek.monitor.statistics import TITLES, Statistics
from veiligeplek.registry import monitoring as registry_door

SUPPRESSED_LABEL = "x"


def shown(count: int | None, threshold: int) -> str:
    """A published count, or "x" where it is suppressed. One label for every suppressed cell
    (as CBS writes "x" for "geheim"): "<10" would be false for a cell suppressed only to protect
    another, and two labels would tell which cells are the small ones (ADR 0010)."""
    return SUPPRESSED_LABEL if count is None else str(count)


@dataclass
class Matrix:
    """A published table as rows × columns (the second dimension, then the total)."""

    row_title: str
    column_titles: list[str]
    rows: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    svg: str
    matrix: Matrix
    note: str = ""


def _cells(published: PublishedTable) -> dict[tuple[str, ...], int | None]:
    return {c.key: c.count for c in published.cells}


def _matrix(published: PublishedTable, threshold: int) -> Matrix:
    table, cells = published.table, _cells(published)
    first = table.dimensions[0]
    if len(table.dimensions) == 1:
        matrix = Matrix(str(DIMENSION_TITLES.get(first, first)), [_("Aantal")])
        for value in (*table.values[0], TOTAL):
            matrix.rows.append((str(label(first, value)), [shown(cells[(value,)], threshold)]))
        return matrix
    second = table.dimensions[1]
    columns = (*table.values[1], TOTAL)
    matrix = Matrix(
        str(DIMENSION_TITLES.get(first, first)), [str(label(second, v)) for v in columns]
    )
    for value in (*table.values[0], TOTAL):
        counts = [shown(cells[(value, c)], threshold) for c in columns]
        matrix.rows.append((str(label(first, value)), counts))
    return matrix


def _bars(published: PublishedTable) -> list[Bar]:
    table, cells = published.table, _cells(published)
    first = table.dimensions[0]
    bars = []
    for value in table.values[0]:
        if len(table.dimensions) == 1:
            count = cells[(value,)]
            if count:
                bars.append(Bar(str(label(first, value)), "", count))
            continue
        second = table.dimensions[1]
        for column in table.values[1]:
            count = cells[(value, column)]
            if count:
                bars.append(Bar(str(label(first, value)), str(label(second, column)), count))
    return bars


def table_section(
    stats: Statistics, published: PublishedTable, title: str, *, chart: bool = True
) -> Section:
    table = published.table
    bars = _bars(published) if chart else []
    series_title = (
        str(DIMENSION_TITLES.get(table.dimensions[1], "")) if len(table.dimensions) > 1 else ""
    )
    svg = (
        bar_chart_svg(
            bars,
            title=title,
            value_title=_("Aantal"),
            row_title=str(DIMENSION_TITLES.get(table.dimensions[0], "")),
            series_title=series_title,
        )
        if bars
        else ""
    )
    return Section(table.id, title, svg, _matrix(published, stats.threshold))


@dataclass(frozen=True)
class FunnelStep:
    step: str
    reached: str
    still_here: str
    closed: str
    dropped_out: str


def funnel(stats: Statistics) -> list[FunnelStep]:
    """How many cases reached each step (the sum over the furthest steps from there on) and,
    of those whose furthest step it is, how many are still there, closed or dropped out."""
    cells = _cells(stats.table("cases_by_step_and_outcome"))
    out = []
    for index, step in enumerate(STEPS):
        later = [cells[(s, TOTAL)] for s in STEPS[index:]]
        reached = None if any(c is None for c in later) else sum(c or 0 for c in later)
        out.append(
            FunnelStep(
                str(label("step", step)),
                shown(reached, stats.threshold),
                shown(cells[(step, "open")], stats.threshold),
                shown(cells[(step, "closed")], stats.threshold),
                shown(cells[(step, "dropped_out")], stats.threshold),
            )
        )
    return out


def funnel_svg(stats: Statistics, steps: list[FunnelStep]) -> str:
    bars = [Bar(s.step, "", int(s.reached)) for s in steps if s.reached.isdigit()]
    if not bars:
        return ""
    return bar_chart_svg(
        bars,
        title=_("Trechter: casussen die elke stap bereikten"),
        value_title=_("Aantal casussen"),
        row_title=_("Stap"),
    )


@dataclass(frozen=True)
class FigureRow:
    title: str
    key: str
    n: str
    median: str
    p90: str
    unit: str


def figure_rows(stats: Statistics) -> list[FigureRow]:
    rows = []
    for figure in stats.figures:
        spec = FIGURE_SPECS[figure["id"]]
        dimension, value = next(iter(figure["key"].items()))
        key = _("alle") if value == "all" else str(label(dimension, value))
        if figure.get("suppressed"):
            rows.append(FigureRow(str(spec.title), key, SUPPRESSED_LABEL, "–", "–", ""))
            continue
        if figure["n"] == 0:
            continue
        if "share" in figure:
            middle, p90 = _number(figure["share"]) + " %", ""
        else:
            middle, p90 = _number(figure["median"]), _number(figure["p90"])
        rows.append(FigureRow(str(spec.title), key, str(figure["n"]), middle, p90, str(spec.unit)))
    return rows


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@dataclass(frozen=True)
class OccupancyRow:
    month: str
    category: str
    beds: int
    occupied: str
    other_target_group: str
    free: str
    out_of_service: str


def _occupancy_rows(stats: Statistics, points: list[f.OccupancyPoint]) -> list[OccupancyRow]:
    """Occupied beds are people: for an aggregate-only reader a month's row shows its counts
    only when none of them lies between 1 and the threshold (the beds are public, so hiding one
    count would not do; the whole row's split is left out)."""
    rows = []
    for p in points:
        split = (p.occupied, p.other_target_group, p.free, p.out_of_service)
        hidden = not stats.exact and any(0 < n < stats.threshold for n in split)
        shown_split = [SUPPRESSED_LABEL if hidden else str(n) for n in split]
        rows.append(OccupancyRow(p.month, p.category, p.beds, *shown_split))
    return rows


def occupancy_section(stats: Statistics) -> tuple[str, list[OccupancyRow]]:
    points = f.occupancy(f.context(stats.period, stats.scope))
    rows = _occupancy_rows(stats, points)
    chart = [
        Point(r.month, str(label("category", r.category)), round(100 * int(r.occupied) / r.beds, 1))
        for r in rows
        if r.beds and r.occupied != SUPPRESSED_LABEL
    ]
    svg = (
        line_chart_svg(
            chart,
            title=_("Bezetting aan het eind van de maand, per categorie"),
            value_title=_("Bezet (procent van de bedden)"),
            x_title=_("Maand"),
            series_title=_("Categorie"),
        )
        if chart
        else ""
    )
    return svg, rows


def demand_supply_svg(stats: Statistics, places: list[f.PlacesRow]) -> str:
    cells = _cells(stats.table("cases_by_region_and_exploitation"))
    beds: dict[str, int] = {}
    for row in places:
        beds[row.region] = beds.get(row.region, 0) + row.beds
    bars = []
    for region in stats.scope.regions:
        name = str(label("region", region))
        cases = cells.get((region, TOTAL))
        if cases:
            bars.append(Bar(name, _("Casussen (gesignaleerd)"), cases))
        if beds.get(region):
            bars.append(Bar(name, _("Plekken (bedden)"), beds[region]))
    if not bars:
        return ""
    return bar_chart_svg(
        bars,
        title=_("Vraag en aanbod per zorgregio"),
        value_title=_("Aantal"),
        row_title=_("Zorgregio"),
        series_title="",
    )


@dataclass(frozen=True)
class MapView:
    id: str
    title: str
    svg: str


def place_maps() -> list[MapView]:
    """The report's figures 8–12: one map per category, and all categories together."""
    regions = regions_now()
    markers = [
        Marker(
            g.municipality,
            g.category,
            g.beds,
            f"{g.location_name} · {label('category', g.category)} · {g.beds}",
        )
        for g in registry_door.groups()
        if g.beds
    ]
    categories = list(dict.fromkeys(m.category for m in markers))
    legend = _("Oppervlak van de stip: aantal bedden. Bron: CBS / PDOK (CC BY 4.0).")
    maps = [
        MapView(
            "places-all",
            _("Alle plekken"),
            places_map(markers, regions, title=_("Opvangplekken, alle categorieën"), legend=legend),
        )
    ]
    for category in categories:
        name = str(label("category", category))
        chosen = [m for m in markers if m.category == category]
        maps.append(
            MapView(
                f"places-{category}",
                name,
                places_map(
                    chosen, regions, title=_("Opvangplekken: %(c)s") % {"c": name}, legend=legend
                ),
            )
        )
    return maps


def _region_values(stats: Statistics, table_id: str, part: str | None) -> list[RegionValue]:
    cells = _cells(stats.table(table_id))
    out = []
    for region in stats.scope.regions:
        total = cells.get((region, TOTAL))
        if part is None:
            out.append(
                RegionValue(
                    region,
                    None if total is None else float(total),
                    total is None,
                    shown(total, stats.threshold),
                )
            )
            continue
        share_of = cells.get((region, part))
        if total is None or share_of is None:
            out.append(RegionValue(region, None, True, "–"))
        elif total == 0:
            out.append(RegionValue(region, None, False, "–"))
        else:
            value = round(100 * share_of / total, 1)
            out.append(RegionValue(region, value, False, f"{value:.1f} %"))
    return out


def region_maps(stats: Statistics) -> list[MapView]:
    regions = regions_now()
    hidden = _("onderdrukt (x)")
    demand = _region_values(stats, "cases_by_region_and_exploitation", None)
    outside = _region_values(stats, "suitable_placements_by_region_and_outside_region", "yes")
    return [
        MapView(
            "demand",
            _("Vraag per zorgregio"),
            region_map(
                demand,
                regions,
                title=_("Gesignaleerde casussen per zorgregio"),
                legend=_("Aantal casussen in de periode"),
                suppressed_label=hidden,
            ),
        ),
        MapView(
            "outside",
            _("Buiten de eigen regio geplaatst"),
            region_map(
                outside,
                regions,
                title=_("Aandeel passend geplaatst buiten de eigen regio"),
                legend=_("Procent van de passende plaatsingen"),
                suppressed_label=hidden,
            ),
        ),
    ]


def _staleness(stats: Statistics, ctx: f.Context) -> cases_door.SearchStaleness | None:
    """Searches relate to cases: for an aggregate-only reader the figure is shown only when it
    rests on at least the threshold of searches, and then only its shares (both counts are at
    least the threshold or the figure is hidden)."""
    found = cases_door.search_staleness(
        ctx.start, ctx.end, None if not stats.scope.flow_filter else stats.scope.regions
    )
    small = 0 < found.with_stale_eligible < stats.threshold or (
        0 < found.searches - found.with_stale_eligible < stats.threshold
    )
    if not stats.exact and (0 < found.searches < stats.threshold or small):
        return None
    return found


_cache: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_lock = threading.Lock()


def dashboard(stats: Statistics, *, now: dt.datetime, cache_key: tuple[Any, ...]) -> dict[str, Any]:
    """Everything the page renders; charts are kept per statistics and language."""
    with _lock:
        hit = _cache.get(cache_key)
    if hit is not None:
        return hit
    ctx = f.context(stats.period, stats.scope)
    steps = funnel(stats)
    places = f.places_by_region(ctx)
    occupancy_svg, occupancy_rows = occupancy_section(stats)
    result = {
        "funnel": steps,
        "funnel_svg": funnel_svg(stats, steps),
        "sections": [table_section(stats, t, str(_title(t))) for t in stats.tables],
        "figures": figure_rows(stats),
        "places": places,
        "demand_supply_svg": demand_supply_svg(stats, places),
        "occupancy_svg": occupancy_svg,
        "occupancy": occupancy_rows,
        "freshness": f.freshness(ctx, now=now)[:15],
        "stale_at_search": _staleness(stats, ctx),
        "place_maps": place_maps(),
        "region_maps": region_maps(stats),
    }
    with _lock:
        _cache[cache_key] = result
        while len(_cache) > 16:
            _cache.popitem(last=False)
    return result


def _title(published: PublishedTable) -> str:
    return str(TITLES.get(published.table.id, published.table.id))
