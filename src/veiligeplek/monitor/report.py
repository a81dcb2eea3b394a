"""The periodic report's content (quarter, year or custom period; national or one region), the
same for the PDF and the spreadsheet: the capacity overview in the shape of the 2025 study's
annex 2 and its chapter-5 summary (figure 7), the maps per category (figures 8–12) and the ad hoc
places (figure 13), the monitoring figures of the period, and a one-page summary against the
previous period. Counts come from ``monitor.statistics`` (through the disclosure control unless
the report is asked for exactly); places come from the registry (facts about shelters).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from veiligeplek.data.landscape import LandscapeRow
from veiligeplek.domain.disclosure import TOTAL
from veiligeplek.domain.enums import CATEGORY_LABELS_NL, Exploitation, PlaceCategory
from veiligeplek.domain.periods import Period
from veiligeplek.domain.rules import ruleset_for
from veiligeplek.monitor.dashboard import MapView, funnel, place_maps, region_maps, shown
from veiligeplek.monitor.labels import label
from veiligeplek.monitor.scope import Scope, regions_now
from veiligeplek.monitor.statistics import Statistics, statistics_for
from veiligeplek.registry.selectors import landscape_rows

REPORT_CATEGORIES = (
    PlaceCategory.COSM,
    PlaceCategory.OMM,
    PlaceCategory.WMO,
    PlaceCategory.NLA,
    PlaceCategory.MANNENOPVANG,
)
BIG_CITIES = frozenset(
    {"GM0363", "GM0599", "GM0518", "GM0344"}
)  # Amsterdam, Rotterdam, Den Haag, Utrecht
TILBURG = "GM0855"


def _tilburg_area() -> frozenset[str]:
    """The municipalities of the care region Tilburg is the central municipality of."""
    table = regions_now()
    regions = {r.code for r in table.regions.values() if r.central_municipality == TILBURG}
    return frozenset(c for c, m in table.municipalities.items() if m.care_region in regions)


@dataclass(frozen=True)
class CapacityRow:
    organisation: str
    location: str
    places: str  # "19" or "38–42"
    places_min: int
    places_max: int
    particulars: str


@dataclass
class CapacityCategory:
    category: str
    label: str
    rows: list[CapacityRow] = field(default_factory=list)

    @property
    def places_min(self) -> int:
        return sum(r.places_min for r in self.rows)

    @property
    def places_max(self) -> int:
        return sum(r.places_max for r in self.rows)

    @property
    def places(self) -> str:
        return _range(self.places_min, self.places_max)

    @property
    def towns(self) -> int:
        return len({r.location for r in self.rows})


def _range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def capacity(rows: list[LandscapeRow]) -> list[CapacityCategory]:
    """Annex 2: per category the organisations, locations, places and particulars."""
    out = []
    for category in REPORT_CATEGORIES:
        section = CapacityCategory(category.value, CATEGORY_LABELS_NL[category])
        for row in sorted((r for r in rows if r.category == category), key=lambda r: r.id):
            section.rows.append(
                CapacityRow(
                    row.organisation,
                    row.municipality_label,
                    _range(row.places_min, row.places_max),
                    row.places_min,
                    row.places_max,
                    row.notes_nl,
                )
            )
        out.append(section)
    return out


def statements(rows: list[LandscapeRow]) -> list[str]:
    """What the capacity table says in words, derived from it (the study's chapter 5)."""
    out = []
    cosm = {r.municipality_code for r in rows if r.category == PlaceCategory.COSM}
    if cosm:
        out.append(_("COSM-plekken zijn er in %(n)s plaatsen.") % {"n": len(cosm)})
    wmo = {r.municipality_code for r in rows if r.category == PlaceCategory.WMO}
    if wmo and wmo <= BIG_CITIES | _tilburg_area():
        out.append(_("Wmo-plekken zijn er alleen in de vier grote steden en de regio Tilburg."))
    if not any(Exploitation.CRIMINAL in r.exploitation_served for r in rows):
        out.append(_("Er is geen plek voor slachtoffers van criminele uitbuiting."))
    men = [r for r in rows if r.category == PlaceCategory.MANNENOPVANG]
    if men:
        out.append(
            _("Mannenopvang: %(n)s plekken op %(l)s locaties.")
            % {"n": sum(r.places_max for r in men), "l": len({r.id for r in men})}
        )
    return out


@dataclass(frozen=True)
class SummaryLine:
    label: str
    now: str
    before: str
    change: str  # "hoger (+12)", "lager (−3)", "gelijk", "onbekend"


def _cell(table: str, *key: str) -> Callable[[Statistics], int | None]:
    def read(stats: Statistics) -> int | None:
        return stats.cell(table, *key)

    return read


def summary_lines(now: Statistics, before: Statistics) -> list[SummaryLine]:
    lines = [
        (_("Gesignaleerde casussen"), _cell("cases_by_region_and_exploitation", TOTAL, TOTAL)),
        (_("Passend geplaatst"), _cell("cases_by_step_and_shelter", TOTAL, "suitable")),
        (_("Alleen ad hoc geplaatst"), _cell("cases_by_step_and_shelter", TOTAL, "ad_hoc")),
        (
            _("Zonder enige passende plek (landelijk gat)"),
            _cell("cases_by_gap_profile_and_national_gap", TOTAL, "yes"),
        ),
        (_("Uitgevallen"), _cell("cases_by_step_and_outcome", TOTAL, "dropped_out")),
        (_("Ad-hocplaatsingen"), _cell("ad_hoc_placements_by_kind_and_duration", TOTAL, TOTAL)),
        (
            _("Op een wachtlijst gezet"),
            _cell("waiting_entries_by_category_and_result", TOTAL, TOTAL),
        ),
        (_("Afwijzingen door opvang"), _cell("declines_by_reason_and_category", TOTAL, TOTAL)),
    ]
    return [
        SummaryLine(
            text,
            shown(read(now), now.threshold),
            shown(read(before), before.threshold),
            _change(read(now), read(before)),
        )
        for text, read in lines
    ]


def _change(now: int | None, before: int | None) -> str:
    if now is None or before is None:
        return _("onbekend (onderdrukt)")
    if now == before:
        return _("gelijk")
    word = _("hoger") if now > before else _("lager")
    return f"{word} ({now - before:+d})"


@dataclass(frozen=True)
class VictimsAgainstPlaces:
    """Figure 7 of the study: the registered victims of the period against the places."""

    category: str
    label: str
    places: str
    victims: str  # cases of the period whose routing named this category first


@dataclass(frozen=True)
class Report:
    period: Period
    previous: Period
    scope: Scope
    stats: Statistics
    before: Statistics
    generated_at: dt.datetime
    ruleset_version: str
    capacity: list[CapacityCategory]
    statements: list[str]
    summary: list[SummaryLine]
    figure7: list[VictimsAgainstPlaces]
    place_maps: list[MapView]
    region_maps: list[MapView]
    ad_hoc_by_kind: list[tuple[str, str]]
    funnel: list[object]

    @property
    def total_places(self) -> str:
        return _range(
            sum(c.places_min for c in self.capacity), sum(c.places_max for c in self.capacity)
        )


def _figure7(stats: Statistics, sections: list[CapacityCategory]) -> list[VictimsAgainstPlaces]:
    route = stats.table("cases_by_route_and_shelter")
    per_category: dict[str, int | None] = defaultdict(int)
    for cell in route.cells:
        route_key, shelter = cell.key
        if route_key == TOTAL or shelter != TOTAL:
            continue
        category = route_key.split("/", 1)[1]
        count = cell.count
        current = per_category[category]
        per_category[category] = None if count is None or current is None else current + count
    return [
        VictimsAgainstPlaces(
            s.category, s.label, s.places, shown(per_category.get(s.category, 0), stats.threshold)
        )
        for s in sections
    ]


def _ad_hoc_kinds(stats: Statistics) -> list[tuple[str, str]]:
    table = stats.table("ad_hoc_placements_by_kind_and_duration")
    return [
        (str(label("ad_hoc_kind", c.key[0])), shown(c.count, stats.threshold))
        for c in table.cells
        if c.key[1] == TOTAL and c.key[0] != TOTAL
    ]


def build_report(
    period: Period, scope: Scope, *, exact: bool, progress: Callable[[int, int], None] | None = None
) -> Report:
    """Everything the report shows; ``progress(done, total)`` after each step."""
    steps = 5
    tick = progress or (lambda done, total: None)
    stats = statistics_for(period, scope, exact=exact, max_age=0)
    tick(1, steps)
    before = statistics_for(period.previous(), scope, exact=exact, max_age=0)
    tick(2, steps)
    rows = landscape_rows()
    sections = capacity(rows)
    tick(3, steps)
    maps = place_maps()
    regions = region_maps(stats)
    tick(4, steps)
    now = timezone.now()
    report = Report(
        period=period,
        previous=period.previous(),
        scope=scope,
        stats=stats,
        before=before,
        generated_at=now,
        ruleset_version=ruleset_for(timezone.localdate(now)).version,
        capacity=sections,
        statements=statements(rows),
        summary=summary_lines(stats, before),
        figure7=_figure7(stats, sections),
        place_maps=maps,
        region_maps=regions,
        ad_hoc_by_kind=_ad_hoc_kinds(stats),
        funnel=list(funnel(stats)),
    )
    tick(5, steps)
    return report
