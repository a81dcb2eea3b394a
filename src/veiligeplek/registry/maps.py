"""A map of the Netherlands drawn as inline SVG from the shipped CBS/PDOK boundaries.

No tile server and no network: the municipality polygons (generalised, CBS 2023 geometry with
2025 attributes; see data/SOURCES.md) are projected once per process with a simple
equirectangular projection around 52.2°N, which is accurate enough for a national overview.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from veiligeplek.data import data_file

WIDTH = 600.0
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 3.30, 7.25, 50.73, 53.58
COS_LAT0 = math.cos(math.radians(52.2))
SCALE = WIDTH / ((LON_MAX - LON_MIN) * COS_LAT0)
HEIGHT = round((LAT_MAX - LAT_MIN) * SCALE, 1)


def project(lat: float, lon: float) -> tuple[float, float]:
    return ((lon - LON_MIN) * COS_LAT0 * SCALE, (LAT_MAX - lat) * SCALE)


def _ring_path(ring: Sequence[Sequence[float]]) -> str:
    points: list[tuple[int, int]] = []
    for lon, lat in ring:
        x, y = project(lat, lon)
        point = (round(x * 2), round(y * 2))  # half-pixel grid: drops redundant vertices
        if not points or points[-1] != point:
            points.append(point)
    if len(points) < 3:
        return ""
    head, *tail = points
    return (
        f"M{head[0] / 2:g} {head[1] / 2:g}"
        + "".join(f"L{x / 2:g} {y / 2:g}" for x, y in tail)
        + "Z"
    )


def _polygons(geometry: dict[str, object]) -> Iterable[Sequence[Sequence[Sequence[float]]]]:
    coordinates = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        yield coordinates  # type: ignore[misc]
    else:
        yield from coordinates  # type: ignore[misc]


@cache
def municipality_paths() -> dict[str, str]:
    """SVG path data per municipality code (GM0363 -> 'M… Z')."""
    text = data_file("geo/municipalities_2025_boundaries.geojson").read_text(encoding="utf-8")
    paths = {}
    for feature in json.loads(text)["features"]:
        parts = [_ring_path(ring) for polygon in _polygons(feature["geometry"]) for ring in polygon]
        paths[feature["properties"]["gm_code"]] = "".join(parts)
    return paths


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    radius: float
    colour: str
    label: str  # tooltip text (organisation, town, category, free/capacity)
    category: str


def spread(lat: float, lon: float, index: int, count: int) -> tuple[float, float]:
    """Points sharing one town are laid out on a small circle so that none hides another."""
    x, y = project(lat, lon)
    if count <= 1:
        return round(x, 1), round(y, 1)
    angle = 2 * math.pi * index / count
    return round(x + 7 * math.cos(angle), 1), round(y + 7 * math.sin(angle), 1)
