"""Municipalities (CBS 1-1-2025) and the default care-coordination regions.

Default regions: the 25 Veilig Thuis regions (CBS gebiedsindelingen 2025), each with a designated
central municipality (``care_regions_2025.csv``); the report counts 26 regional care
coordinators and notes that regions are not defined uniformly, so administrators can revise them
(versioned, with a valid-from date) in the registry.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from functools import cache

from veiligeplek.data import data_file
from veiligeplek.domain.geography import CareRegion, Municipality, RegionTable

# Names people use where the official CBS name differs (SOURCES.md, "Caveats").
DISPLAY_NAMES = {
    "'s-Gravenhage": "Den Haag",
    "Hengelo (O.)": "Hengelo",
}


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    cbs_code: str
    official_name: str
    display_name: str
    province_code: str
    province_name: str
    safety_region_code: str
    safety_region_name: str
    police_unit_code: str
    police_unit_name: str
    vt_region_code: str
    vt_region_name: str
    label_lat: float
    label_lon: float
    area_km2: float


@dataclass(frozen=True)
class CareRegionRow:
    code: str
    name: str
    central_municipality: str
    valid_from: dt.date


def _read_csv(name: str) -> list[dict[str, str]]:
    text = data_file(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def municipality_rows() -> tuple[MunicipalityRow, ...]:
    return tuple(
        MunicipalityRow(
            code=r["gm_code"],
            cbs_code=r["cbs_code"],
            official_name=r["gemeentenaam"],
            display_name=DISPLAY_NAMES.get(r["gemeentenaam"], r["gemeentenaam"]),
            province_code=r["provincie_code"],
            province_name=r["provincie_naam"],
            safety_region_code=r["vr_code"],
            safety_region_name=r["vr_naam"],
            police_unit_code=r["politie_eenheid_code"],
            police_unit_name=r["politie_eenheid_naam"],
            vt_region_code=r["veiligthuisregio_code"],
            vt_region_name=r["veiligthuisregio_naam"],
            label_lat=float(r["label_lat"]),
            label_lon=float(r["label_lon"]),
            area_km2=float(r["area_km2_approx"]),
        )
        for r in _read_csv("municipalities_2025.csv")
    )


@cache
def care_region_rows() -> tuple[CareRegionRow, ...]:
    return tuple(
        CareRegionRow(
            code=r["code"],
            name=r["name"],
            central_municipality=r["central_municipality"],
            valid_from=dt.date.fromisoformat(r["valid_from"]),
        )
        for r in _read_csv("care_regions_2025.csv")
    )


@cache
def default_region_table() -> RegionTable:
    """The shipped regions (Veilig Thuis regions) without any administrator revisions."""
    municipalities = {
        m.code: Municipality(
            code=m.code,
            name=m.display_name,
            police_unit=m.police_unit_code,
            police_unit_name=m.police_unit_name,
            care_region=m.vt_region_code,
            lat=m.label_lat,
            lon=m.label_lon,
        )
        for m in municipality_rows()
    }
    regions = {
        r.code: CareRegion(code=r.code, name=r.name, central_municipality=r.central_municipality)
        for r in care_region_rows()
    }
    return RegionTable(municipalities=municipalities, regions=regions)
