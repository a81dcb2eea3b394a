"""The catalogue's tables and figures for one period and scope, counted from ``CaseFlow`` and
from the recorded declines, waiting-list entries, ad hoc placements and bed history.

Each table is one ``GROUP BY``; every combination of the dimensions' values is listed (zeros
included) by the disclosure module, which adds the margins. Nothing here decides what a role
may see: ``monitor.statistics`` passes these counts through the disclosure control.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from veiligeplek.cases import monitoring as cases_door
from veiligeplek.domain import monitoring as m
from veiligeplek.domain import periods
from veiligeplek.domain.disclosure import CountTable, Hierarchy, Implication
from veiligeplek.domain.enums import PlaceCategory, Track
from veiligeplek.domain.periods import Period
from veiligeplek.monitor import sql, summary
from veiligeplek.monitor.catalogue import CASES, CATALOGUE, SUITABLE, TableSpec
from veiligeplek.monitor.models import CaseFlow
from veiligeplek.monitor.scope import Scope, parse_scope, regions_now
from veiligeplek.registry import monitoring as registry_door

YES, NO = "yes", "no"
UNKNOWN = "unknown"  # a region code no longer in today's table (or none): counted, not dropped
DURATIONS = (*(code for code, _days in cases_door.AD_HOC_BANDS), "gt_3m", "ongoing")
WAIT_RESULTS = ("placed", "removed", "waiting")
QUARTER = "quarter"  # the leading dimension of a year's joint catalogue
QUARTERS = ("Q1", "Q2", "Q3", "Q4")


def bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period as [start, end) in the Netherlands' local time."""
    zone = timezone.get_default_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


@dataclass(frozen=True)
class Context:
    period: Period
    scope: Scope
    start: dt.datetime
    end: dt.datetime
    locations: tuple[str, ...]

    def flows(self) -> QuerySet[CaseFlow]:
        return CaseFlow.objects.filter(**self.scope.flow_filter)

    def cohort(self) -> QuerySet[CaseFlow]:
        return self.flows().filter(signal_at__gte=self.start, signal_at__lt=self.end)

    def case_ids(self) -> QuerySet[CaseFlow, int] | None:
        if not self.scope.flow_filter:
            return None
        return self.flows().values_list("case_id", flat=True)


def context(period: Period, scope: Scope) -> Context:
    start, end = bounds(period)
    names = sorted({g.location_name for g in registry_door.groups()})
    return Context(period, scope, start, end, tuple(names))


def dimension_values(ctx: Context, dimension: str) -> tuple[str, ...]:
    fixed: dict[str, tuple[str, ...]] = {
        "step": tuple(m.STEPS),
        "outcome": tuple(m.Outcome),
        "shelter": tuple(m.Shelter),
        "exploitation": m.EXPLOITATION_VALUES,
        "gender": m.GENDER_VALUES,
        "age_group": tuple(m.AgeGroup),
        "nationality_group": tuple(m.NationalityGroup),
        "track": tuple(Track),
        "gap_profile": tuple(m.GapProfile),
        "national_gap": (YES, NO),
        "outside_region": (YES, NO),
        "category": tuple(PlaceCategory),
        "ad_hoc_kind": cases_door.AD_HOC_KINDS,
        "duration": DURATIONS,
        "wait_result": WAIT_RESULTS,
        "decline_reason": cases_door.DECLINE_REASONS,
        "route": routes(),
        "picked_up": (YES, NO),
        "handed_over": (YES, NO),
    }
    if dimension == "month":
        return tuple(ctx.period.months())
    if dimension == "region":
        return (*ctx.scope.regions, UNKNOWN)
    if dimension == "location":
        return ctx.locations
    return fixed[dimension]


def _as_value(value: object) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    return str(value)


def _grouped(rows: QuerySet[CaseFlow], fields: tuple[str, ...]) -> dict[tuple[str, ...], int]:
    counted = rows.values(*fields).annotate(n=Count("pk")).order_by()
    return {tuple(_as_value(r[f]) for f in fields): r["n"] for r in counted}


FLOW_FIELD = {"month": "signal_month"}


def _cases_table(ctx: Context, spec: TableSpec) -> dict[tuple[str, ...], int]:
    fields = tuple(FLOW_FIELD.get(d, d) for d in spec.dimensions)
    return _grouped(ctx.cohort(), fields)


def _suitable_table(ctx: Context, spec: TableSpec) -> dict[tuple[str, ...], int]:
    rows = ctx.flows().filter(
        suitable_placement_at__gte=ctx.start, suitable_placement_at__lt=ctx.end
    )
    return _grouped(rows, spec.dimensions)


def _ad_hoc_table(ctx: Context, spec: TableSpec) -> dict[tuple[str, ...], int]:
    return cases_door.ad_hoc_counts(ctx.start, ctx.end, ctx.case_ids())


def _waiting_table(ctx: Context, spec: TableSpec) -> dict[tuple[str, ...], int]:
    return cases_door.wait_counts(ctx.start, ctx.end, ctx.case_ids())


def _declines_by_reason(ctx: Context, spec: TableSpec) -> dict[tuple[str, ...], int]:
    fields = ("decline_reason", "group__category")
    return cases_door.decline_counts(ctx.start, ctx.end, fields, ctx.case_ids())


def _declines_by_location(ctx: Context, spec: TableSpec) -> dict[tuple[str, ...], int]:
    name_of = {str(g.location_id): g.location_name for g in registry_door.groups()}
    fields = ("group__location_id", "decline_reason")
    out: dict[tuple[str, ...], int] = {}
    for (location, reason), n in cases_door.decline_counts(
        ctx.start, ctx.end, fields, ctx.case_ids()
    ).items():
        key = (name_of.get(location, "?"), reason)
        out[key] = out.get(key, 0) + n
    return out


Counter_ = Callable[[Context, TableSpec], dict[tuple[str, ...], int]]


def routes() -> tuple[str, ...]:
    return tuple(_route(t, c) for t in Track for c in (*PlaceCategory, "none"))


def _reached(at: object) -> str:
    return NO if at is None else YES


def _route_table(column: str, value: Callable[[object], str] = _reached) -> Counter_:
    """Route x the ``value`` of a ``CaseFlow`` column (by default: whether a time was reached)."""

    def count(ctx: Context, spec: TableSpec) -> dict[tuple[str, ...], int]:
        rows = ctx.cohort().values_list("track", "category", column)
        return dict(Counter((_route(t, c), value(x)) for t, c, x in rows.iterator()))

    return count


COUNTERS: dict[str, Counter_] = {
    "cases_by_route_and_picked_up": _route_table("picked_up_at"),
    "cases_by_route_and_shelter": _route_table("shelter", str),
    "cases_by_route_and_handed_over": _route_table("handed_over_at"),
    "suitable_placements_by_category_and_outside_region": _suitable_table,
    "suitable_placements_by_region_and_outside_region": _suitable_table,
    "ad_hoc_placements_by_kind_and_duration": _ad_hoc_table,
    "waiting_entries_by_category_and_result": _waiting_table,
    "declines_by_reason_and_category": _declines_by_reason,
    "declines_by_location_and_reason": _declines_by_location,
}


SCANNED = {  # population -> the CaseFlow time column its tables count by
    CASES: "signal_at",
    SUITABLE: "suitable_placement_at",
}


def _all_counts(ctx: Context) -> dict[str, dict[tuple[str, ...], int]]:
    """Each table's counts: the flow tables of whole months from the monthly summary (ADR 0016);
    of other periods on PostgreSQL the flow tables of one population in one scan."""
    counts: dict[str, dict[tuple[str, ...], int]] = {}
    if summary.covers(ctx.period):
        counts.update(summary.summary_counts(ctx, summary.SUMMARISED))
    elif sql.available():
        for population, column in SCANNED.items():
            specs = [spec for spec in CATALOGUE if spec.population == population]
            counts.update(sql.grouped_counts(ctx, specs, time_column=column))
    for spec in CATALOGUE:
        if spec.id not in counts:
            counts[spec.id] = COUNTERS.get(spec.id, _cases_table)(ctx, spec)
    return counts


def shapes(ctx: Context) -> list[CountTable]:
    """Every table of the catalogue without its counts: its dimensions and their values."""
    return [
        CountTable(
            spec.id,
            spec.population,
            spec.dimensions,
            tuple(dimension_values(ctx, d) for d in spec.dimensions),
        )
        for spec in CATALOGUE
    ]


def count_tables(ctx: Context, *, part: Context | None = None) -> list[CountTable]:
    """Every table of the catalogue, interior cells only (missing = 0). With ``part`` (a scope
    inside the context's, same period): the part's counts in the shape of the context's tables."""
    tables = []
    everything = _all_counts(part or ctx)
    for spec, shape in zip(CATALOGUE, shapes(ctx), strict=True):
        counts = everything[spec.id]
        values = shape.values
        allowed = [set(v) for v in values]
        kept: dict[tuple[str, ...], int] = {}
        for key, n in counts.items():
            if "None" in key and spec.population == SUITABLE:
                continue  # a placement whose region could not be told (no distance either)
            cleaned = tuple(
                x if x in a or d != "region" else UNKNOWN
                for x, a, d in zip(key, allowed, spec.dimensions, strict=True)
            )
            if all(x in a for x, a in zip(cleaned, allowed, strict=True)):
                kept[cleaned] = kept.get(cleaned, 0) + n
        tables.append(CountTable(spec.id, spec.population, spec.dimensions, values, kept))
    return tables


def count_tables_by_quarter(
    number: int, scope: Scope, *, part: Scope | None = None
) -> list[CountTable]:
    """The catalogue of the year ``number`` with a leading dimension ``quarter`` (``QUARTERS``;
    the year is its total ``"*"``), so that the year and its quarters are protected as one
    catalogue: the year minus three quarters cannot give a cell of the fourth away (ADR 0010).
    ``part`` as for ``count_tables``, per quarter. Months keep the year's values; a quarter's
    other months are zeros."""
    joint: dict[str, dict[tuple[str, ...], int]] = {spec.id: {} for spec in CATALOGUE}
    for q, label in enumerate(QUARTERS, start=1):
        ctx = context(periods.quarter(number, q), scope)
        inside = None if part is None else context(ctx.period, part)
        for table in count_tables(ctx, part=inside):
            joint[table.id].update({(label, *key): n for key, n in table.counts.items()})
    return [
        CountTable(s.id, s.population, (QUARTER, *s.dimensions), (QUARTERS, *s.values), joint[s.id])
        for s in shapes(context(periods.year(number), scope))
    ]


REGION = "region"  # the partition of a year's catalogue by care region (count_tables_by_region)
BY_REGION = "_by_region"  # the id of a table's copy per region


def count_tables_by_region(
    whole: list[CountTable], number: int, national: Scope, *, by_quarter: bool = False
) -> list[CountTable]:
    """The year of ``whole`` (the national catalogue by quarter) once more per care region:
    every table without a region dimension with one in front (each of ``national.regions``,
    the cases of no known region as ``UNKNOWN``; the country is its ``"*"``), for a protection
    of every region at once (``disclosure.protect_parts``). Counted per quarter, as ``whole``,
    so that the regions add up to its cells; tables with a region dimension already hold them.
    ``by_quarter``: each region's quarters too (the tables keep their quarter dimension)."""
    by_region = {
        code: count_tables_by_quarter(number, national, part=parse_scope(code))
        for code in national.regions
    }
    keep = 0 if by_quarter else 1  # the quarter dimension leads every table of ``whole``
    out = []
    for i, t in enumerate(whole):
        if REGION in t.dimensions:
            continue
        joint: dict[tuple[str, ...], int] = {}
        left: dict[tuple[str, ...], int] = {}
        for key, n in t.counts.items():
            left[key[keep:]] = left.get(key[keep:], 0) + n
        for code, tables in by_region.items():
            for key, n in tables[i].counts.items():
                joint[(code, *key[keep:])] = joint.get((code, *key[keep:]), 0) + n
                left[key[keep:]] = left.get(key[keep:], 0) - n
        if any(n < 0 for n in left.values()):
            raise ValueError(f"{t.id}: the regions count more than the country")
        joint.update({(UNKNOWN, *key): n for key, n in left.items() if n})
        values = (*by_region, UNKNOWN)
        out.append(
            CountTable(
                f"{t.id}{BY_REGION}",
                t.population,
                (REGION, *t.dimensions[keep:]),
                (values, *t.values[keep:]),
                joint,
            )
        )
    return out


@dataclass(frozen=True)
class Figure:
    id: str
    key: Mapping[str, str]
    n: int
    median: float | None = None
    p90: float | None = None
    share: float | None = None  # percent


def _route(track: str, category: str) -> str:
    return f"{track}/{category}"


# A route is its track and a category (``_route``): every track is the sum of its routes.
LINKS: tuple[Hierarchy, ...] = (
    Hierarchy("route", "track", {route: route.split("/")[0] for route in routes()}, complete=False),
)


def _implies(lesser: Iterable[tuple[str, str]], greater: Iterable[tuple[str, str]]) -> Implication:
    return Implication(CASES, tuple({d: v} for d, v in lesser), tuple({d: v} for d, v in greater))


_MEN = (m.GapProfile.MEN_WITH_CHILDREN, m.GapProfile.MEN)
_OTHERS = (m.GapProfile.CONTRA_INDICATION, m.GapProfile.MULTI_PROBLEM, m.GapProfile.OTHER)


def _profiles(profiles: Iterable[str]) -> tuple[Mapping[str, str], ...]:
    return tuple({"gap_profile": p} for p in profiles)


def _cells(*, male: bool) -> tuple[Mapping[str, str], ...]:
    """The gender x age-group cells of adults and of unknown age, male or not."""
    genders = [g for g in m.GENDER_VALUES if (g == "male") == male]
    ages = (m.AgeGroup.ADULT, m.AgeGroup.UNKNOWN)
    return tuple({"gender": g, "age_group": a} for g in genders for a in ages)


_PAST_PICK_UP = (m.Step.PICKED_UP, m.Step.REFERRED, m.Step.ACCEPTED, m.Step.PLACED_SUITABLY)
_MALE = (
    m.GapProfile.CRIMINAL,
    m.GapProfile.MINOR,
    m.GapProfile.MEN_WITH_CHILDREN,
    m.GapProfile.MEN,
)
# What the derivations of ``domain.monitoring`` imply between dimensions shown in different
# tables (ADR 0010): a case picked up reached the step "picked up" or further
# (``derive_flow``), and the gap profile is the first of criminal exploitation, minor, man with
# children, man (``gap_profile``), so it bounds and is bounded by the form, the age group and
# the gender. The disclosure check takes these bounds into account as an observer could.
IMPLICATIONS: tuple[Implication, ...] = (
    _implies([("picked_up", YES)], [("step", s) for s in _PAST_PICK_UP]),
    _implies([("step", m.Step.PICKED_UP)], [("picked_up", YES)]),
    _implies([("exploitation", "criminal")], [("gap_profile", m.GapProfile.CRIMINAL)]),
    _implies(
        [("gap_profile", m.GapProfile.CRIMINAL)],
        [("exploitation", "criminal"), ("exploitation", m.MULTIPLE)],
    ),
    _implies([("gap_profile", m.GapProfile.MINOR)], [("age_group", m.AgeGroup.MINOR)]),
    _implies(
        [("age_group", m.AgeGroup.MINOR)],
        [("gap_profile", m.GapProfile.CRIMINAL), ("gap_profile", m.GapProfile.MINOR)],
    ),
    _implies(
        [("gap_profile", m.GapProfile.MEN_WITH_CHILDREN), ("gap_profile", m.GapProfile.MEN)],
        [("gender", "male")],
    ),
    _implies([("gender", "male")], [("gap_profile", p) for p in _MALE]),
    # The profiles of adults (or of unknown age) against the gender x age-group table: with
    # the bound for minors above, these are all the table and the profiles imply together.
    Implication(CASES, _profiles(_MEN), _cells(male=True)),
    Implication(CASES, _cells(male=True), _profiles((m.GapProfile.CRIMINAL, *_MEN))),
    Implication(CASES, _profiles(_OTHERS), _cells(male=False)),
    Implication(CASES, _cells(male=False), _profiles((m.GapProfile.CRIMINAL, *_OTHERS))),
)


def _duration_spreads(ctx: Context) -> dict[tuple[str, str], m.Spread]:
    if sql.available():
        return sql.duration_spreads(ctx)
    return _duration_spreads_in_python(ctx)


def _duration_spreads_in_python(ctx: Context) -> dict[tuple[str, str], m.Spread]:
    columns = (
        "track",
        "category",
        "days_to_pickup",
        "days_to_first_placement",
        "days_to_suitable_placement",
    )
    per_route: dict[str, dict[str, list[float]]] = {}
    for track, category, *days in ctx.cohort().values_list(*columns):
        for route in ("all", _route(track, category)):
            slot = per_route.setdefault(route, {c: [] for c in columns[2:]})
            for column, value in zip(columns[2:], days, strict=True):
                if value is not None:
                    slot[column].append(value)
    return {
        (column, route): m.spread(values)
        for route, columns in per_route.items()
        for column, values in columns.items()
    }


FIGURE_OF_COLUMN = {
    "days_to_pickup": "days_signal_to_pickup",
    "days_to_first_placement": "days_signal_to_first_placement",
    "days_to_suitable_placement": "days_signal_to_suitable_placement",
}


def _duration_figures(ctx: Context) -> list[Figure]:
    spreads = _duration_spreads(ctx)
    routes_seen = sorted({route for _, route in spreads}, key=lambda r: (r != "all", r))
    out: list[Figure] = []
    for column, figure_id in FIGURE_OF_COLUMN.items():
        for route in routes_seen:
            s = spreads.get((column, route), m.Spread(0, None, None))
            out.append(Figure(figure_id, {"route": route}, s.n, s.median, s.p90))
    return out


def _waiting_figures(ctx: Context) -> list[Figure]:
    waits = cases_door.waits_between(ctx.start, ctx.end, ctx.case_ids())
    per: dict[str, list[float]] = {c: [] for c in PlaceCategory}
    for w in waits:
        if w.removed_at is not None and w.category in per:
            per[w.category].append((w.removed_at - w.added_at).total_seconds() / 86_400)
    out = []
    for category, values in per.items():
        s = m.spread(values)
        out.append(Figure("days_on_waiting_list", {"category": category}, s.n, s.median, s.p90))
    return out


def _movement_figures(ctx: Context) -> list[Figure]:
    rows = list(
        ctx.flows()
        .filter(suitable_placement_at__gte=ctx.start, suitable_placement_at__lt=ctx.end)
        .exclude(distance_km=None)
        .exclude(outside_region=None)
        .values_list("distance_km", "outside_region")
    )
    s = m.spread(km for km, _ in rows if km is not None)
    outside = sum(1 for _, o in rows if o)
    share = round(100 * outside / len(rows), 1) if rows else None
    return [
        Figure("km_found_to_placement", {"route": "all"}, s.n, s.median, s.p90),
        Figure("share_placed_outside_region", {"route": "all"}, len(rows), share=share),
    ]


def figures(ctx: Context) -> list[Figure]:
    return [*_duration_figures(ctx), *_waiting_figures(ctx), *_movement_figures(ctx)]


# --- The registry's side: places, occupancy and freshness (facts about places, not people) ---


@dataclass(frozen=True)
class OccupancyPoint:
    month: str
    category: str
    beds: int
    occupied: int
    other_target_group: int
    free: int
    out_of_service: int


def occupancy(ctx: Context) -> list[OccupancyPoint]:
    """Each bed's status at the end of every month of the period, per category, from the bed
    history (multi-labelled beds taken by other target groups counted apart)."""
    infos = registry_door.groups()
    in_scope = {g.external_id: g.category for g in infos if _in_scope_region(ctx, g.municipality)}
    group_of = registry_door.bed_groups()
    status: dict[int, str] = {}
    changes = iter(registry_door.bed_changes_until(ctx.end))
    pending = next(changes, None)
    out: list[OccupancyPoint] = []
    for month in ctx.period.months():
        edge = _month_end(month)
        while pending is not None and pending.changed_at < edge:
            status[pending.place_id] = pending.to_status
            pending = next(changes, None)
        out.extend(_snapshot(month, status, group_of, in_scope))
    return out


def _month_end(month: str) -> dt.datetime:
    year, mon = int(month[:4]), int(month[5:])
    first = dt.date(year + 1, 1, 1) if mon == 12 else dt.date(year, mon + 1, 1)
    return dt.datetime.combine(first, dt.time.min, tzinfo=timezone.get_default_timezone())


def _snapshot(
    month: str, status: Mapping[int, str], group_of: Mapping[int, str], in_scope: Mapping[str, str]
) -> Iterable[OccupancyPoint]:
    counts: dict[str, Counter[str]] = {}
    for place_id, group in group_of.items():
        category = in_scope.get(group)
        if category is not None:
            counts.setdefault(category, Counter())[status.get(place_id, "free")] += 1
    for category in sorted(counts):
        c = counts[category]
        yield OccupancyPoint(
            month,
            category,
            sum(c.values()),
            c["occupied"],
            c["other_target_group"],
            c["free"],
            c["out_of_service"],
        )


def _in_scope_region(ctx: Context, municipality: str) -> bool:
    table = regions_now()
    return (
        municipality in table
        and table.municipalities[municipality].care_region in ctx.scope.regions
    )


@dataclass(frozen=True)
class PlacesRow:
    region: str
    category: str
    locations: int
    beds: int


def places_by_region(ctx: Context) -> list[PlacesRow]:
    """Beds and locations per care region and category: the supply beside the demand."""
    table = regions_now()
    beds: Counter[tuple[str, str]] = Counter()
    locations: dict[tuple[str, str], set[int]] = {}
    for g in registry_door.groups():
        if g.municipality not in table:
            continue
        key = (table.municipalities[g.municipality].care_region, g.category)
        if key[0] in ctx.scope.regions:
            beds[key] += g.beds
            locations.setdefault(key, set()).add(g.location_id)
    return [PlacesRow(r, c, len(locations[(r, c)]), beds[(r, c)]) for r, c in sorted(beds)]


@dataclass(frozen=True)
class Freshness:
    location: str
    category: str
    updated_at: dt.datetime | None
    hours_old: float | None


def freshness(ctx: Context, *, now: dt.datetime) -> list[Freshness]:
    """Place groups ranked by the age of their availability, oldest (or never) first."""
    rows = []
    for g in registry_door.groups():
        if not _in_scope_region(ctx, g.municipality):
            continue
        hours = (
            None
            if g.availability_updated_at is None
            else round((now - g.availability_updated_at).total_seconds() / 3600, 1)
        )
        rows.append(Freshness(g.location_name, g.category, g.availability_updated_at, hours))
    return sorted(rows, key=lambda r: (r.hours_old is not None, -(r.hours_old or 0)))
