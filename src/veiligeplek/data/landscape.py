"""The shelter landscape file: one row per group of places with the same criteria at one location.

Format of ``landscape_2025.csv`` (transcribed from annex 2 and chapter 5 of the report; see
SOURCES.md). ``parse_landscape`` validates every row and raises ``LandscapeError`` listing each
problem with its row and field; the registry imports only a file without any problem, so a bad
file changes nothing. ``write_landscape`` produces the same format back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from veiligeplek.data import data_file
from veiligeplek.data.reference import care_region_rows, municipality_rows
from veiligeplek.domain.enums import (
    ContraIndication,
    Exploitation,
    Gender,
    Phase,
    PlaceCategory,
    PlacementAuthority,
    RegionBindingKind,
)
from veiligeplek.domain.places import GroupProfile, RegionBinding
from veiligeplek.domain.text import CONTROL_MESSAGE, has_control_character

COLUMNS = (
    "id", "organisation", "municipality", "municipality_code", "location_assumed", "category",
    "places_min", "places_max", "genders", "phase", "region_binding", "placement_authority",
    "multi_labelled", "max_stay_days", "children_allowed", "age_min", "exploitation_served",
    "contra_indications_excluded", "multi_problem_accepted", "criteria_source", "notes_nl",
    "age_max",
)  # fmt: skip
OPTIONAL_COLUMNS = frozenset({"age_max"})
CRITERIA_SOURCES = frozenset({"assumed", "confirmed", "report"})
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MAX_PLACES = 500
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Problem:
    row: int  # line number in the file (the header is line 1)
    field: str
    message: str

    def __str__(self) -> str:
        return f"regel {self.row}, veld {self.field}: {self.message}"


class LandscapeError(ValueError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:20]))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class LandscapeRow:
    id: str
    organisation: str
    municipality_label: str  # town as written, e.g. "Tynaarlo (Vries)"
    municipality_code: str
    location_assumed: bool
    category: PlaceCategory
    places_min: int
    places_max: int
    genders: frozenset[Gender]  # empty: any
    phase: Phase | None
    region_binding: RegionBinding | None
    placement_authority: PlacementAuthority
    multi_labelled: bool
    max_stay_days: int | None
    children_allowed: bool
    age_min: int | None
    age_max: int | None
    exploitation_served: frozenset[Exploitation]
    contra_indications_excluded: frozenset[ContraIndication]
    multi_problem_accepted: bool
    criteria_source: str
    notes_nl: str

    def to_place_group(self, *, free: int = 0) -> GroupProfile:
        """The domain view of this row (used by tests, benchmarks and the simulator)."""
        return GroupProfile(
            id=self.id,
            organisation=self.organisation,
            location_name=f"{self.organisation}, {self.municipality_label}",
            municipality=self.municipality_code,
            category=self.category,
            placement_authority=self.placement_authority,
            capacity=self.places_max,
            capacity_min=self.places_min,
            genders=self.genders,
            age_min=self.age_min,
            age_max=self.age_max,
            exploitation_served=self.exploitation_served,
            contra_indications_excluded=self.contra_indications_excluded,
            multi_problem_accepted=self.multi_problem_accepted,
            children_allowed=self.children_allowed,
            region_binding=self.region_binding,
            phase=self.phase,
            max_stay_days=self.max_stay_days,
            multi_labelled=self.multi_labelled,
            free=free,
        )


@dataclass(frozen=True)
class Geography:
    """What the parser needs to know of the reference data."""

    municipalities: Collection[str]  # GM codes
    police_units: Mapping[str, str]  # name or code -> code
    care_regions: Collection[str]  # VT codes


class _RowParser:
    def __init__(self, raw: Mapping[str, str], line: int, geo: Geography) -> None:
        self.raw = raw
        self.line = line
        self.geo = geo
        self.problems: list[Problem] = []

    def fail(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.line, field, message))

    def text(self, field: str, *, required: bool = True) -> str:
        value = (self.raw.get(field) or "").strip()
        if required and not value:
            self.fail(field, "is verplicht")
        return value

    def yes_no(self, field: str) -> bool:
        value = self.text(field).lower()
        if value not in (YES, NO):
            if value:
                self.fail(field, f"verwacht yes of no, niet {value!r}")
            return False
        return value == YES

    def integer(self, field: str, low: int, high: int, *, required: bool = True) -> int | None:
        value = self.text(field, required=required)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            self.fail(field, f"verwacht een geheel getal, niet {value!r}")
            return None
        if not low <= number <= high:
            self.fail(field, f"{number} ligt niet tussen {low} en {high}")
            return None
        return number

    def choice[E: (PlaceCategory, PlacementAuthority, Phase)](
        self, field: str, enum: type[E], *, required: bool = True
    ) -> E | None:
        value = self.text(field, required=required)
        if not value:
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.fail(field, f"onbekende waarde {value!r}; toegestaan: {allowed}")
            return None

    def choices[E: (Exploitation, ContraIndication)](
        self, field: str, enum: type[E]
    ) -> frozenset[E]:
        result = set()
        for item in filter(None, (p.strip() for p in self.text(field, required=False).split(";"))):
            try:
                result.add(enum(item))
            except ValueError:
                allowed = ", ".join(m.value for m in enum)
                self.fail(field, f"onbekende waarde {item!r}; toegestaan: {allowed}")
        return frozenset(result)

    def genders(self) -> frozenset[Gender]:
        value = self.text("genders")
        if value == "any" or not value:
            return frozenset()
        result = set()
        for item in value.split(";"):
            if item.strip() not in (Gender.FEMALE, Gender.MALE, Gender.OTHER):
                self.fail("genders", f"onbekende waarde {item!r}; toegestaan: female, male, any")
            else:
                result.add(Gender(item.strip()))
        return frozenset(result)

    def region_binding(self) -> RegionBinding | None:
        value = self.text("region_binding", required=False)
        if not value:
            return None
        kind_text, _, target = value.partition(":")
        try:
            kind = RegionBindingKind(kind_text.strip())
        except ValueError:
            self.fail("region_binding", "verwacht municipality:GMxxxx, police_unit:<naam> "
                      f"of care_region:VTxx, niet {value!r}")  # fmt: skip
            return None
        code = self._binding_code(kind, target.strip())
        if code is None:
            self.fail("region_binding", f"onbekend gebied {target.strip()!r} voor {kind.value}")
            return None
        return RegionBinding(kind=kind, code=code)

    def _binding_code(self, kind: RegionBindingKind, target: str) -> str | None:
        if kind is RegionBindingKind.MUNICIPALITY:
            return target if target in self.geo.municipalities else None
        if kind is RegionBindingKind.POLICE_UNIT:
            return self.geo.police_units.get(target)
        return target if target in self.geo.care_regions else None

    def parse(self) -> LandscapeRow | None:
        row_id = self.text("id")
        if row_id and not ID_PATTERN.match(row_id):
            self.fail("id", "alleen kleine letters, cijfers en '-' (max. 64 tekens)")
        code = self.text("municipality_code")
        if code and code not in self.geo.municipalities:
            self.fail("municipality_code", f"onbekende gemeentecode {code!r}")
        places_min = self.integer("places_min", 0, MAX_PLACES)
        places_max = self.integer("places_max", 1, MAX_PLACES)
        if places_min is not None and places_max is not None and places_min > places_max:
            self.fail("places_min", f"{places_min} is groter dan places_max ({places_max})")
        age_min = self.integer("age_min", 0, 120, required=False)
        age_max = self.integer("age_max", 0, 120, required=False)
        if age_min is not None and age_max is not None and age_min > age_max:
            self.fail("age_min", f"{age_min} is groter dan age_max ({age_max})")
        source = self.text("criteria_source")
        if source and source not in CRITERIA_SOURCES:
            self.fail("criteria_source", f"verwacht een van {', '.join(sorted(CRITERIA_SOURCES))}")
        values: dict[str, Any] = {
            "id": row_id,
            "organisation": self.text("organisation"),
            "municipality_label": self.text("municipality"),
            "municipality_code": code,
            "location_assumed": self.yes_no("location_assumed"),
            "category": self.choice("category", PlaceCategory),
            "places_min": places_min,
            "places_max": places_max,
            "genders": self.genders(),
            "phase": self.choice("phase", Phase, required=False),
            "region_binding": self.region_binding(),
            "placement_authority": self.choice("placement_authority", PlacementAuthority),
            "multi_labelled": self.yes_no("multi_labelled"),
            "max_stay_days": self.integer("max_stay_days", 1, 3650, required=False),
            "children_allowed": self.yes_no("children_allowed"),
            "age_min": age_min,
            "age_max": age_max,
            "exploitation_served": self.choices("exploitation_served", Exploitation),
            "contra_indications_excluded": self.choices(
                "contra_indications_excluded", ContraIndication
            ),
            "multi_problem_accepted": self.yes_no("multi_problem_accepted"),
            "criteria_source": source,
            "notes_nl": self.text("notes_nl", required=False),
        }
        return None if self.problems else LandscapeRow(**values)


def parse_rows(
    rows: Iterable[Mapping[str, str]], header: Sequence[str], geo: Geography
) -> list[LandscapeRow]:
    """Validate all rows; raise ``LandscapeError`` with every problem, or return the rows."""
    problems = [
        Problem(1, column, "kolom ontbreekt")
        for column in COLUMNS
        if column not in header and column not in OPTIONAL_COLUMNS
    ]
    problems += [
        Problem(1, column, "onbekende kolom") for column in header if column not in COLUMNS
    ]
    if problems:
        raise LandscapeError(problems)
    parsed: list[LandscapeRow] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(rows, start=2):
        control = [
            Problem(line, str(column), CONTROL_MESSAGE)
            for column, value in raw.items()
            if isinstance(value, str) and has_control_character(value)
        ]
        if control:
            problems += control
            continue
        parser = _RowParser(raw, line, geo)
        row = parser.parse()
        problems += parser.problems
        if row is not None:
            if row.id in seen:
                problems.append(
                    Problem(line, "id", f"{row.id!r} staat ook op regel {seen[row.id]}")
                )
            seen[row.id] = line
            parsed.append(row)
    if problems:
        raise LandscapeError(problems)
    if not parsed:
        raise LandscapeError([Problem(2, "(bestand)", "het bestand bevat geen regels")])
    return parsed


def parse_csv(text: str, geo: Geography) -> list[LandscapeRow]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return parse_rows(reader, reader.fieldnames or [], geo)


def parse_xlsx(content: bytes, geo: Geography) -> list[LandscapeRow]:
    from openpyxl import load_workbook  # heavy import: only when an XLSX file is imported

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many types for a file that is no workbook
        raise LandscapeError(
            [Problem(1, "(bestand)", f"geen leesbaar XLSX-bestand: {exc}")]
        ) from exc
    values = [
        ["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)
    ]
    if not values:
        raise LandscapeError([Problem(1, "(bestand)", "het werkblad is leeg")])
    header = [h.strip() for h in values[0]]
    rows = [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]
    return parse_rows(rows, header, geo)


def row_to_record(row: LandscapeRow, geo_names: Mapping[str, str]) -> dict[str, str]:
    """One row in the file format; ``geo_names`` maps police-unit codes back to their names."""
    binding = ""
    if row.region_binding:
        target = row.region_binding.code
        if row.region_binding.kind is RegionBindingKind.POLICE_UNIT:
            target = geo_names.get(target, target)
        binding = f"{row.region_binding.kind.value}:{target}"
    return {
        "id": row.id,
        "organisation": row.organisation,
        "municipality": row.municipality_label,
        "municipality_code": row.municipality_code,
        "location_assumed": _yes_no(row.location_assumed),
        "category": row.category.value,
        "places_min": str(row.places_min),
        "places_max": str(row.places_max),
        "genders": ";".join(sorted(g.value for g in row.genders)) or "any",
        "phase": row.phase.value if row.phase else "",
        "region_binding": binding,
        "placement_authority": row.placement_authority.value,
        "multi_labelled": _yes_no(row.multi_labelled),
        "max_stay_days": _optional(row.max_stay_days),
        "children_allowed": _yes_no(row.children_allowed),
        "age_min": _optional(row.age_min),
        "exploitation_served": _join(row.exploitation_served, Exploitation),
        "contra_indications_excluded": _join(row.contra_indications_excluded, ContraIndication),
        "multi_problem_accepted": _yes_no(row.multi_problem_accepted),
        "criteria_source": row.criteria_source,
        "notes_nl": row.notes_nl,
        "age_max": _optional(row.age_max),
    }


def export_columns(rows: Sequence[LandscapeRow]) -> tuple[str, ...]:
    """The file's columns; the optional ``age_max`` only when a row uses it, so that an export
    of the shipped landscape is byte-identical to the source file."""
    if any(row.age_max is not None for row in rows):
        return COLUMNS
    return tuple(c for c in COLUMNS if c not in OPTIONAL_COLUMNS)


def write_csv(rows: Sequence[LandscapeRow], geo_names: Mapping[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=export_columns(rows), lineterminator="\r\n", extrasaction="ignore"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow(row_to_record(row, geo_names))
    return out.getvalue()


def _yes_no(value: bool) -> str:
    return YES if value else NO


def _optional(value: int | None) -> str:
    return "" if value is None else str(value)


def _join[E: (Exploitation, ContraIndication)](values: frozenset[E], enum: type[E]) -> str:
    # Keep the order of the enum, as in the source file.
    return ";".join(m.value for m in enum if m in values)


def reference_geography() -> Geography:
    """Geography from the shipped reference data (the registry passes the database's own)."""
    rows = municipality_rows()
    police = {m.police_unit_name: m.police_unit_code for m in rows}
    police |= {code: code for code in police.values()}
    return Geography(
        municipalities=frozenset(m.code for m in rows),
        police_units=police,
        care_regions=frozenset(r.code for r in care_region_rows()),
    )


def shipped_landscape() -> list[LandscapeRow]:
    return parse_csv(
        data_file("landscape_2025.csv").read_text(encoding="utf-8"), reference_geography()
    )


def write_xlsx(rows: Sequence[LandscapeRow], geo_names: Mapping[str, str]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "opvangplekken"
    columns = export_columns(rows)
    sheet.append(list(columns))
    for row in rows:
        record = row_to_record(row, geo_names)
        sheet.append([record[c] for c in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
