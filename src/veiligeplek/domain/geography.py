"""Municipalities, care-coordination regions and distances, as plain data.

The region table is passed into routing and matching (never looked up globally), so that the
web app supplies the regions valid on a date from the database, and the simulator and the tests
supply their own. Regions are not defined uniformly in the field (report ch. 3, "Gebrek aan
uniformiteit"); the default is the 25 Veilig Thuis regions, each with a designated central
municipality.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Municipality:
    code: str  # CBS code, "GM0363"
    name: str  # display name, "Den Haag"
    police_unit: str  # code, "RE05"
    police_unit_name: str  # "Amsterdam"
    care_region: str  # code of the care-coordination region, "VT01"
    lat: float  # label point: always inside the municipality
    lon: float


@dataclass(frozen=True)
class CareRegion:
    code: str
    name: str
    central_municipality: str


class UnknownMunicipalityError(KeyError):
    pass


@dataclass(frozen=True)
class RegionTable:
    """Municipalities and the care-coordination regions valid on one date."""

    municipalities: Mapping[str, Municipality]
    regions: Mapping[str, CareRegion]

    def municipality(self, code: str) -> Municipality:
        try:
            return self.municipalities[code]
        except KeyError:
            raise UnknownMunicipalityError(code) from None

    def region_of(self, code: str) -> CareRegion:
        return self.regions[self.municipality(code).care_region]

    def __contains__(self, code: object) -> bool:
        return code in self.municipalities


def distance_km(a: Municipality, b: Municipality) -> float:
    """Great-circle distance between the label points of two municipalities (haversine)."""
    return distance_km_between(a.lat, a.lon, b.lat, b.lon)


def distance_km_between(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle distance between two points in degrees (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat_a, lon_a, lat_b, lon_b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
