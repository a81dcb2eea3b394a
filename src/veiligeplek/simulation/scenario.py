"""A simulation scenario: a TOML file read into plain data, every value checked.

The format (docs/adr, "capacity simulation"; the M/M/c check of the issue is the smallest
example, ``scenarios/mmc-check.toml``)::

    name, years, warm_up_years, replications, seed, start_date, landscape
    [[arrivals]]      name, per_year, facts (case facts, checked by ``parse_case_facts``),
                      urgent, seasonal (12 monthly factors)
    [demand]          ramp_to_factor, ramp_years: demand rising linearly to a multiple
    [stay.<category>] distribution (exponential|lognormal|empirical|fixed), mean_days,
                      sd_days (lognormal), days (empirical)
    [behaviour]       ad_hoc_after_days ("never" or days), drop_out_per_day, decline_share,
                      report_filed_share, multi_labelled_available_share
    [[changes]]       what a policy option does to the landscape (``changes.py``)
    [search]          the ministry's question (``search.py``)
    [sources]         "key" = "history" (or "default") for values a calibration took from the
                      case history (or from the report's figures)
    base              another scenario file (relative) whose values this one changes: tables
                      are merged key by key, any other value (an array too) replaced

``landscape`` is a file in the ``import-places`` format (relative to the scenario file),
``"report-2025"`` (the shipped landscape of the report) or ``"registry"`` (the database as it
is now; the command reads it and passes the rows in). Every problem raises ``ScenarioError``
naming the key and its line; nothing is simulated from a file with a problem. Each parameter
is kept with its source: ``file``, ``history`` or ``default``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from veiligeplek.data.landscape import (
    Geography,
    LandscapeError,
    LandscapeRow,
    parse_csv,
    parse_xlsx,
    reference_geography,
    shipped_landscape,
)
from veiligeplek.domain.enums import PlaceCategory
from veiligeplek.domain.facts import CaseFacts, InvalidFactsError, parse_case_facts
from veiligeplek.domain.places import GroupProfile
from veiligeplek.simulation.changes import KEYS, add_group, apply_changes, effective_groups
from veiligeplek.simulation.engine import Distribution, Stay
from veiligeplek.simulation.toml_lines import dotted, line_of

Source = Literal["file", "history", "default"]
DISTRIBUTIONS: tuple[Distribution, ...] = ("exponential", "lognormal", "empirical", "fixed")
REPORT_LANDSCAPE = "report-2025"
REGISTRY_LANDSCAPE = "registry"
MAX_YEARS = 1000
MAX_REPLICATIONS = 100_000

# The report's figures where the file (or the history) says nothing: stays "of months"
# (annex 2: OMM "gemiddeld 3 maanden", the men's crisis places 2-4 weeks; the reflection
# period is 3 months, ch. 2). Assumptions where the report has no figure are marked in the ADR.
DEFAULT_STAY_DAYS: dict[PlaceCategory, float] = {
    PlaceCategory.COSM: 150.0,
    PlaceCategory.OMM: 90.0,
    PlaceCategory.WMO: 180.0,
    PlaceCategory.NLA: 120.0,
    PlaceCategory.MANNENOPVANG: 90.0,
    PlaceCategory.CRISIS: 14.0,
}
DEFAULT_BEHAVIOUR: dict[str, float | str] = {
    "ad_hoc_after_days": 2.0,  # nobody waits on the street: ad hoc within days (report ch. 4)
    "drop_out_per_day": 0.005,  # assumption: half of those waiting gone after ~4.5 months
    "decline_share": 0.0,
    "report_filed_share": 0.6,  # assumption: who files a report stays after the reflection
    "multi_labelled_available_share": 0.5,  # 158-162 places -> "about 160" (report ch. 5)
}
TOP_LEVEL = frozenset(
    {
        "name", "description", "years", "warm_up_years", "replications", "seed", "start_date",
        "landscape", "arrivals", "demand", "stay", "behaviour", "changes", "search", "sources",
        "base",
    }
)  # fmt: skip


class ScenarioError(ValueError):
    """A problem in a scenario file: the key (dotted), its line when known, and what is wrong."""

    def __init__(self, key: str, message: str, *, line: int | None = None, file: str = "") -> None:
        self.key, self.message, self.line, self.file = key, message, line, file
        where = f"{file}:" if file else ""
        where += f"{line}: " if line else (" " if file else "")
        super().__init__(f"{where}{key}: {message}")


@dataclass(frozen=True)
class Parameter:
    value: object
    source: Source

    def to_dict(self) -> dict[str, object]:
        return {"value": self.value, "source": self.source}


@dataclass(frozen=True)
class Stream:
    """An arrival stream: one profile of case facts arriving as a Poisson process."""

    name: str
    per_year: float
    facts: CaseFacts
    urgent: bool = False
    seasonal: tuple[float, ...] = ()  # 12 monthly factors with mean 1; empty: flat


@dataclass(frozen=True)
class Behaviour:
    ad_hoc_after_days: float | None  # None: never
    drop_out_per_day: float
    decline_share: float
    report_filed_share: float
    multi_labelled_available_share: float


@dataclass(frozen=True)
class SearchSpec:
    """The ``[search]`` table of a scenario (``simulation/search.py`` answers it)."""

    target_p90_days: float
    target_ad_hoc_per_year: float
    max_steps: int
    replications: int
    options: tuple[GroupProfile, ...]  # each with ``capacity`` = the step


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    years: float
    warm_up_years: float
    replications: int
    seed: int
    start_date: dt.date
    landscape: str
    groups: tuple[GroupProfile, ...]  # after the changes, with the capacity the model uses
    streams: tuple[Stream, ...]
    stays: Mapping[PlaceCategory, Stay]
    behaviour: Behaviour
    ramp_to_factor: float
    ramp_years: float
    raw: Mapping[str, Any] = field(compare=False)  # the decoded file
    search: SearchSpec | None = field(compare=False, default=None)
    parameters: Mapping[str, Parameter] = field(compare=False, default_factory=dict)

    def with_overrides(
        self,
        *,
        replications: int | None = None,
        seed: int | None = None,
        years: float | None = None,
    ) -> Scenario:
        """The scenario with command-line values, each recorded with source ``file``."""
        import dataclasses

        changes: dict[str, Any] = {}
        parameters = dict(self.parameters)
        for key, value in (("replications", replications), ("seed", seed), ("years", years)):
            if value is not None:
                changes[key] = value
                parameters[key] = Parameter(value, "file")
        if years is not None and self.warm_up_years >= years:
            raise ScenarioError("years", f"{years} is niet groter dan warm_up_years")
        return dataclasses.replace(self, **changes, parameters=parameters)

    def describe(self) -> dict[str, Any]:
        """The scenario as it was read: name, landscape and every parameter with its source."""
        return {
            "name": self.name,
            "description": self.description,
            "landscape": self.landscape,
            "places": {
                c.value: sum(g.capacity for g in self.groups if g.category is c)
                for c in PlaceCategory
                if any(g.category is c for g in self.groups)
            },
            "parameters": {k: p.to_dict() for k, p in sorted(self.parameters.items())},
        }


RegistryRows = Callable[[], Sequence[LandscapeRow]]


def load_scenario(
    path: Path, *, registry_rows: RegistryRows | None = None, geography: Geography | None = None
) -> Scenario:
    """Read and check a scenario file; ``registry_rows`` supplies ``landscape = "registry"``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError("(bestand)", f"kan {path} niet lezen: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ScenarioError("(bestand)", f"{path}: geen UTF-8-tekst") from exc
    return parse_scenario(
        text, base=path.parent, file=str(path), registry_rows=registry_rows, geography=geography
    )


def parse_scenario(
    text: str,
    *,
    base: Path,
    file: str = "",
    registry_rows: RegistryRows | None = None,
    geography: Geography | None = None,
) -> Scenario:
    data = _toml(text, file)
    base_text, base_file = "", ""
    if "base" in data:
        data, base_text, base_file = _with_base(data, text, base, file)
    reader = _Reader(data, text, file, base_text=base_text, base_file=base_file)
    try:
        return _build(reader, base, registry_rows, geography or reference_geography())
    except ScenarioError as exc:
        if exc.file or not file:
            raise
        raise ScenarioError(exc.key, exc.message, line=exc.line, file=file) from exc


def _toml(text: str, file: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))  # Python 3.12 has no exc.lineno yet
        line = int(found.group(1)) if found else None
        raise ScenarioError("(toml)", f"geen geldige TOML: {exc}", line=line, file=file) from exc


def _with_base(
    data: dict[str, Any], text: str, directory: Path, file: str
) -> tuple[dict[str, Any], str, str]:
    name = data["base"]
    if not isinstance(name, str):
        raise ScenarioError(
            "base", "verwacht een bestandsnaam", line=line_of(text, ["base"]), file=file
        )
    path = directory / name
    try:
        base_text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(
            "base", f"kan {name} niet lezen: {exc}", line=line_of(text, ["base"]), file=file
        ) from exc
    base = _toml(base_text, str(path))
    if "base" in base:
        raise ScenarioError("base", "een basisscenario heeft zelf geen base", file=str(path))
    merged = _merge(base, {k: v for k, v in data.items() if k != "base"})
    return merged, base_text, str(path)


def _merge(base: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in child.items():
        old = out.get(key)
        out[key] = (
            _merge(old, value) if isinstance(old, Mapping) and isinstance(value, Mapping) else value
        )
    return out


class _Reader:
    """Typed access to the decoded TOML with errors that name the key and line, and a record
    of every parameter's source."""

    def __init__(
        self,
        data: Mapping[str, Any],
        text: str,
        file: str,
        *,
        base_text: str = "",
        base_file: str = "",
    ) -> None:
        self.data, self.text, self.file = data, text, file
        self.base_text, self.base_file = base_text, base_file
        self.parameters: dict[str, Parameter] = {}
        marked = data.get("sources", {})
        if not isinstance(marked, Mapping):
            raise self.error(("sources",), 'verwacht een tabel "sleutel" = "history"')
        for key, value in marked.items():
            if value not in ("history", "default", "file"):
                raise self.error(("sources", key), 'verwacht "history", "default" of "file"')
        # Values a calibration wrote from the history or from the report's defaults.
        self.marked: dict[str, Source] = dict(marked)

    def error(self, path: Sequence[str | int], message: str) -> ScenarioError:
        return ScenarioError(dotted(path), message, line=self.line(path), file=self.where(path))

    def line(self, path: Sequence[str | int]) -> int | None:
        if self.base_text and line_of(self.text, path) is None:
            return line_of(self.base_text, path)
        return line_of(self.text, path)

    def where(self, path: Sequence[str | int]) -> str:
        """The file that holds the key: this one, or its base when only the base has it."""
        if self.base_text and line_of(self.text, path) is None:
            return self.base_file
        return self.file

    def node(self, path: Sequence[str | int]) -> object:
        value: object = self.data
        for part in path:
            if isinstance(part, int):
                value = value[part] if isinstance(value, list) and part < len(value) else None
            else:
                value = value.get(part) if isinstance(value, Mapping) else None
        return value

    def record(self, path: Sequence[str | int], value: object, source: Source) -> None:
        key = dotted(path)
        if source == "file":
            source = self.marked.get(key, "file")
        self.parameters[key] = Parameter(value, source)

    def table(self, path: Sequence[str | int], allowed: frozenset[str]) -> Mapping[str, Any]:
        value = self.node(path)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.error(path, "verwacht een tabel")
        for key in value:
            if key not in allowed:
                raise self.error((*path, key), f"onbekende sleutel; toegestaan: {_list(allowed)}")
        return value

    def given(self, path: Sequence[str | int], default: object) -> tuple[object, Source]:
        """The value in the file, or ``default`` (None: the key is required)."""
        value = self.node(path)
        if value is not None:
            return value, "file"
        if default is None:
            raise self.error(path, "verplichte sleutel ontbreekt")
        return default, "default"

    def number(
        self,
        path: Sequence[str | int],
        *,
        default: float | None = None,
        low: float = 0.0,
        high: float = math.inf,
        integer: bool = False,
        record: bool = True,
    ) -> float:
        value, source = self.given(path, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(path, f"verwacht een getal, niet {value!r}")
        if integer and not float(value).is_integer():
            raise self.error(path, f"verwacht een geheel getal, niet {value!r}")
        if not (low <= value <= high) or math.isnan(value):
            raise self.error(path, f"{value} ligt niet tussen {low:g} en {high:g}")
        if record:
            self.record(path, value, source)
        return float(value)

    def text_value(self, path: Sequence[str | int], *, default: str | None = None) -> str:
        value, source = self.given(path, default)
        if not isinstance(value, str):
            raise self.error(path, f"verwacht tekst, niet {value!r}")
        self.record(path, value, source)
        return value


def _list(values: frozenset[str] | Sequence[str]) -> str:
    return ", ".join(sorted(values))


def _build(
    reader: _Reader, base: Path, registry_rows: RegistryRows | None, geo: Geography
) -> Scenario:
    reader.table((), TOP_LEVEL)
    name = reader.text_value(("name",))
    years = reader.number(("years",), low=0.01, high=MAX_YEARS)
    warm_up = reader.number(("warm_up_years",), default=0.0, high=MAX_YEARS)
    if warm_up >= years:
        raise reader.error(("warm_up_years",), f"{warm_up:g} is niet kleiner dan years ({years:g})")
    replications = int(
        reader.number(("replications",), default=20, low=1, high=MAX_REPLICATIONS, integer=True)
    )
    seed = int(reader.number(("seed",), default=1, high=2**63 - 1, integer=True))
    start = _start_date(reader)
    landscape = reader.text_value(("landscape",), default=REPORT_LANDSCAPE)
    rows = _landscape(reader, landscape, base, registry_rows, geo)
    behaviour = _behaviour(reader)
    changed = apply_changes(reader, [row.to_place_group() for row in rows], geo)
    groups = effective_groups(changed, behaviour.multi_labelled_available_share)
    ramp_to, ramp_years = _demand(reader)
    return Scenario(
        name=name,
        description=str(reader.data.get("description", "")),
        years=years,
        warm_up_years=warm_up,
        replications=replications,
        seed=seed,
        start_date=start,
        landscape=landscape,
        groups=tuple(groups),
        streams=_streams(reader, geo),
        stays=_stays(reader),
        behaviour=behaviour,
        ramp_to_factor=ramp_to,
        ramp_years=ramp_years,
        raw=reader.data,
        search=_search(reader, replications, geo, groups),
        parameters=reader.parameters,
    )


def _start_date(reader: _Reader) -> dt.date:
    value = reader.node(("start_date",))
    if value is None:
        reader.record(("start_date",), "2026-01-01", "default")
        return dt.date(2026, 1, 1)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        reader.record(("start_date",), value.isoformat(), "file")
        return value
    raise reader.error(("start_date",), "verwacht een datum, bijv. 2026-01-01 (zonder quotes)")


def _landscape(
    reader: _Reader,
    landscape: str,
    base: Path,
    registry_rows: RegistryRows | None,
    geo: Geography,
) -> Sequence[LandscapeRow]:
    if landscape == REPORT_LANDSCAPE:
        return shipped_landscape()
    if landscape == REGISTRY_LANDSCAPE:
        if registry_rows is None:
            raise reader.error(("landscape",), '"registry" kan hier niet: geen database')
        rows = registry_rows()
        if not rows:
            raise reader.error(("landscape",), "het register bevat geen plekken")
        return rows
    path = base / landscape
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise reader.error(("landscape",), f"kan {path} niet lezen: {exc.strerror}") from exc
    try:
        if path.suffix.lower() == ".xlsx":
            return parse_xlsx(content, geo)
        return parse_csv(content.decode("utf-8"), geo)
    except UnicodeDecodeError as exc:
        raise reader.error(("landscape",), f"{landscape}: geen UTF-8-tekst") from exc
    except LandscapeError as exc:
        raise reader.error(("landscape",), f"fout in {landscape}: {exc}") from exc


ARRIVAL_KEYS = frozenset({"name", "per_year", "facts", "urgent", "seasonal"})


def _streams(reader: _Reader, geo: Geography) -> tuple[Stream, ...]:
    arrivals = reader.node(("arrivals",))
    if not isinstance(arrivals, list) or not arrivals:
        raise reader.error(("arrivals",), "verwacht minstens één [[arrivals]]-tabel")
    streams: list[Stream] = []
    seen: set[str] = set()
    for i in range(len(arrivals)):
        reader.table(("arrivals", i), ARRIVAL_KEYS)
        name = reader.text_value(("arrivals", i, "name"))
        if name in seen:
            raise reader.error(("arrivals", i, "name"), f"{name!r} komt al eerder voor")
        seen.add(name)
        per_year = reader.number(("arrivals", i, "per_year"), high=1e7)
        facts = _facts(reader, ("arrivals", i, "facts"), geo)
        urgent = reader.node(("arrivals", i, "urgent"))
        if urgent is not None and not isinstance(urgent, bool):
            raise reader.error(("arrivals", i, "urgent"), "verwacht true of false")
        streams.append(
            Stream(
                name=name,
                per_year=per_year,
                facts=facts,
                urgent=bool(urgent),
                seasonal=_seasonal(reader, ("arrivals", i, "seasonal")),
            )
        )
    return tuple(streams)


def _facts(reader: _Reader, path: tuple[str | int, ...], geo: Geography) -> CaseFacts:
    value = reader.node(path)
    if value is None:
        raise reader.error(path, "verplichte sleutel ontbreekt (de feiten van de casus)")
    try:
        facts = parse_case_facts(value, municipalities=geo.municipalities)
    except InvalidFactsError as exc:
        field_path = (*path, *exc.field.replace("[", ".").replace("]", "").split("."))
        raise ScenarioError(
            dotted(path) + "." + exc.field,
            exc.message,
            line=reader.line(field_path),
            file=reader.where(field_path),
        ) from exc
    reader.record(path, facts.to_dict(), "file")
    return facts


def _seasonal(reader: _Reader, path: tuple[str | int, ...]) -> tuple[float, ...]:
    value = reader.node(path)
    if value is None:
        return ()
    if (
        not isinstance(value, list)
        or len(value) != 12
        or not all(isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in value)
    ):
        raise reader.error(path, "verwacht 12 getallen >= 0 (een factor per maand)")
    mean = sum(value) / 12
    if mean <= 0:
        raise reader.error(path, "minstens één maand moet groter dan 0 zijn")
    reader.record(path, value, "file")
    return tuple(v / mean for v in value)


STAY_KEYS = frozenset({"distribution", "mean_days", "sd_days", "days"})


def _stays(reader: _Reader) -> dict[PlaceCategory, Stay]:
    table = reader.table(("stay",), frozenset(c.value for c in PlaceCategory))
    stays: dict[PlaceCategory, Stay] = {}
    for category in PlaceCategory:
        path: tuple[str | int, ...] = ("stay", category.value)
        if category.value not in table:
            mean = DEFAULT_STAY_DAYS[category]
            reader.record((*path, "distribution"), "exponential", "default")
            reader.record((*path, "mean_days"), mean, "default")
            stays[category] = Stay("exponential", mean)
            continue
        reader.table(path, STAY_KEYS)
        kind = reader.text_value((*path, "distribution"), default="exponential")
        if kind not in DISTRIBUTIONS:
            raise reader.error((*path, "distribution"), f"verwacht een van {_list(DISTRIBUTIONS)}")
        stays[category] = _stay(reader, path, kind)
    return stays


def _stay(reader: _Reader, path: tuple[str | int, ...], kind: str) -> Stay:
    if kind == "empirical":
        days = reader.node((*path, "days"))
        if (
            not isinstance(days, list)
            or not days
            or not all(
                isinstance(d, int | float) and not isinstance(d, bool) and d > 0 for d in days
            )
        ):
            raise reader.error((*path, "days"), "verwacht een lijst van verblijfsduren > 0 (dagen)")
        reader.record((*path, "days"), days, "file")
        return Stay("empirical", sum(days) / len(days), days=tuple(float(d) for d in days))
    mean = reader.number((*path, "mean_days"), low=0.01, high=36525)
    if kind == "lognormal":
        sd = reader.number((*path, "sd_days"), low=0.01, high=36525)
        return Stay("lognormal", mean, sd_days=sd)
    return Stay("exponential" if kind == "exponential" else "fixed", mean)


BEHAVIOUR_KEYS = frozenset(DEFAULT_BEHAVIOUR)


def _behaviour(reader: _Reader) -> Behaviour:
    reader.table(("behaviour",), BEHAVIOUR_KEYS)
    path = ("behaviour", "ad_hoc_after_days")
    after = reader.node(path)
    ad_hoc: float | None
    if after == "never":
        reader.record(path, "never", "file")
        ad_hoc = None
    elif isinstance(after, str):
        raise reader.error(path, 'verwacht een aantal dagen of "never"')
    else:
        ad_hoc = reader.number(path, default=float(DEFAULT_BEHAVIOUR[path[1]]), high=36525)

    def share(key: str, high: float = 1.0) -> float:
        return reader.number(("behaviour", key), default=float(DEFAULT_BEHAVIOUR[key]), high=high)

    return Behaviour(
        ad_hoc_after_days=ad_hoc,
        drop_out_per_day=share("drop_out_per_day"),
        decline_share=share("decline_share", 0.99),
        report_filed_share=share("report_filed_share"),
        multi_labelled_available_share=share("multi_labelled_available_share"),
    )


def _demand(reader: _Reader) -> tuple[float, float]:
    reader.table(("demand",), frozenset({"ramp_to_factor", "ramp_years"}))
    factor = reader.number(("demand", "ramp_to_factor"), default=1.0, low=0.0, high=1000)
    years = reader.number(("demand", "ramp_years"), default=0.0, high=MAX_YEARS)
    return factor, years


SEARCH_KEYS = frozenset(
    {"target_p90_days", "target_ad_hoc_per_year", "max_steps", "replications", "options"}
)


def _search(
    reader: _Reader, replications: int, geo: Geography, landscape: Sequence[GroupProfile]
) -> SearchSpec | None:
    if reader.node(("search",)) is None:
        return None
    reader.table(("search",), SEARCH_KEYS)
    options = reader.node(("search", "options"))
    if not isinstance(options, list) or not options:
        raise reader.error(("search", "options"), "verwacht minstens één [[search.options]]")
    groups: list[GroupProfile] = []
    for i in range(len(options)):
        reader.table(("search", "options", i), KEYS["add"])
        groups.append(add_group(reader, ("search", "options", i), [*landscape, *groups], geo))
    return SearchSpec(
        target_p90_days=reader.number(("search", "target_p90_days"), high=36525),
        target_ad_hoc_per_year=reader.number(("search", "target_ad_hoc_per_year"), high=1e7),
        max_steps=int(
            reader.number(("search", "max_steps"), default=40, low=1, high=1000, integer=True)
        ),
        replications=int(
            reader.number(
                ("search", "replications"),
                default=replications,
                low=1,
                high=MAX_REPLICATIONS,
                integer=True,
            )
        ),
        options=tuple(groups),
    )
