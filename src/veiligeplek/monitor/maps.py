"""Maps of the monitoring, drawn as SVG from the shipped CBS/PDOK boundaries (no tiles, no
network): places per category (the report's figures 8–12, and all together), demand per care
region, and the share placed outside the own region.

Every number in the markup is written by Python's own formatting (``f"{x:.1f}"``), never by a
template's locale-aware formatting, so the SVG is byte-for-byte the same in Dutch and English
apart from its texts (a decimal comma in a coordinate breaks the drawing).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from veiligeplek.domain.geography import RegionTable
from veiligeplek.monitor.charts import OKABE_ITO
from veiligeplek.registry.maps import HEIGHT, WIDTH, municipality_paths, project

CATEGORY_COLOURS = dict(
    zip(("cosm", "omm", "wmo", "nla", "mannenopvang", "crisis"), OKABE_ITO, strict=False)
)
# Sequential single-hue classes (light to dark blue): readable with colour-blindness and in grey.
CLASSES = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_VALUE = "#f0f0f0"
SUPPRESSED = "#bdbdbd"
LEGEND_HEIGHT = 70.0


@dataclass(frozen=True)
class Marker:
    municipality: str
    category: str
    beds: int
    label: str


def _open(title: str, extra_height: float = LEGEND_HEIGHT) -> list[str]:
    height = HEIGHT + extra_height
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.1f} {height:.1f}" '
        f'class="vp-map" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]


def _municipalities(fill: Mapping[str, str], default: str = NO_VALUE) -> str:
    paths = municipality_paths()
    parts = [
        f'<path d="{d}" fill="{fill.get(code, default)}" stroke="#ffffff" stroke-width="0.4"/>'
        for code, d in sorted(paths.items())
    ]
    return "<g>" + "".join(parts) + "</g>"


def places_map(markers: Sequence[Marker], regions: RegionTable, *, title: str, legend: str) -> str:
    """One dot per location and category, its area proportional to the beds."""
    out = _open(title)
    out.append(_municipalities({}, default="#e8e8e8"))
    per_town: dict[str, list[Marker]] = {}
    for marker in markers:
        per_town.setdefault(marker.municipality, []).append(marker)
    out.append('<g class="vp-markers">')
    for town, here in sorted(per_town.items()):
        if town not in regions:
            continue
        place = regions.municipalities[town]
        for index, marker in enumerate(here):
            x, y = _spread(*project(place.lat, place.lon), index, len(here))
            radius = 2.5 + 1.6 * math.sqrt(marker.beds)
            colour = CATEGORY_COLOURS.get(marker.category, OKABE_ITO[-1])
            out.append(
                f'<g class="vp-marker" data-category="{marker.category}"><title>'
                f'{escape(marker.label)}</title><circle cx="{x:.1f}" cy="{y:.1f}" '
                f'r="{radius:.1f}" fill="{colour}" fill-opacity="0.85" stroke="#000000" '
                'stroke-width="0.5"/></g>'
            )
    out.append("</g>")
    out.append(_text(10.0, HEIGHT + 20.0, legend))
    out.append("</svg>")
    return "".join(out)


def _spread(x: float, y: float, index: int, count: int) -> tuple[float, float]:
    if count <= 1:
        return x, y
    angle = 2 * math.pi * index / count
    return x + 7 * math.cos(angle), y + 7 * math.sin(angle)


def _text(x: float, y: float, text: str, size: float = 11.0) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:.1f}" '
        f'font-family="Noto Sans, DejaVu Sans, sans-serif">{escape(text)}</text>'
    )


@dataclass(frozen=True)
class RegionValue:
    region: str
    value: float | None  # None: nothing to show
    suppressed: bool
    text: str  # the value as shown in the tooltip and table


def region_map(
    values: Sequence[RegionValue],
    regions: RegionTable,
    *,
    title: str,
    legend: str,
    suppressed_label: str,
) -> str:
    """A choropleth of care regions in five classes of equal width up to the maximum."""
    known = [v.value for v in values if v.value is not None]
    # Class limits are multiples of ten (the top rounded up to a multiple of 50), so that no
    # legend label reads like a small count.
    top = 50.0 * math.ceil(max(known) / 50) if known and max(known) > 0 else 0.0
    colour_of: dict[str, str] = {}
    for v in values:
        if v.suppressed:
            colour_of[v.region] = SUPPRESSED
        elif v.value is not None and top > 0:
            colour_of[v.region] = CLASSES[min(4, int(5 * v.value / top - 1e-9))]
    fill = {
        code: colour_of.get(m.care_region, NO_VALUE) for code, m in regions.municipalities.items()
    }
    out = _open(title)
    out.append(_municipalities(fill))
    out.append(_legend(top, legend, suppressed_label))
    out.append("</svg>")
    return "".join(out)


def _legend(top: float, legend: str, suppressed_label: str) -> str:
    parts = [_text(10.0, HEIGHT + 16.0, legend)]
    for index, colour in enumerate(CLASSES):
        low, high = top * index / 5, top * (index + 1) / 5
        x = 10.0 + index * 95.0
        parts.append(
            f'<rect x="{x:.1f}" y="{HEIGHT + 24.0:.1f}" width="16.0" height="12.0" '
            f'fill="{colour}" stroke="#666666" stroke-width="0.5"/>'
        )
        parts.append(_text(x + 20.0, HEIGHT + 34.0, f"{low:.0f}–{high:.0f}", 10.0))
    parts.append(
        f'<rect x="10.0" y="{HEIGHT + 44.0:.1f}" width="16.0" height="12.0" '
        f'fill="{SUPPRESSED}" stroke="#666666" stroke-width="0.5"/>'
    )
    parts.append(_text(30.0, HEIGHT + 54.0, suppressed_label, 10.0))
    return "".join(parts)
