"""Every SVG the app draws parses with plain numbers in Dutch and in English: the national
overview's map, the monitoring's maps and its charts (altair + vl-convert). A decimal comma in a
coordinate (``cx="383,8"``, ``viewBox="0 0 600,0 706,3"``) leaves only a strip of coast and no
place markers (issue 11, point 16).

A second test reads every template: a number written into a markup attribute goes through
``{% localize off %}`` or ``|unlocalize``, never through the locale's formatting."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client

from tests.monitor.conftest import World
from veiligeplek.accounts.roles import Role

pytestmark = pytest.mark.django_db
Login = Callable[..., Client]

SRC = Path(__file__).resolve().parents[2] / "src" / "veiligeplek"
SVG_NS = "{http://www.w3.org/2000/svg}"
# Attributes whose value is one number (a length may carry a unit or a percent sign).
NUMBER_ATTRIBUTES = frozenset(
    [
        "x",
        "y",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "x1",
        "y1",
        "x2",
        "y2",
        "width",
        "height",
        "stroke-width",
        "font-size",
        "opacity",
        "fill-opacity",
        "stroke-opacity",
        "stroke-miterlimit",
    ]
)
NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?(px|%|em)?$")
# Path data: commands, plain numbers, and commas or spaces as separators; a decimal comma turns
# "383.8" into two numbers, which the comparison of the two languages below catches.
PATH_DATA = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9.,eE+\-\s]*$")


def svgs_in(text: str) -> Iterator[ET.Element]:
    """Each ``<svg>`` element of a page (or the document itself), parsed as XML."""
    for match in re.finditer(r"<svg\b.*?</svg>", text, flags=re.DOTALL):
        yield ET.fromstring(match.group(0))  # noqa: S314 - our own markup


def geometry(svg: ET.Element) -> list[tuple[str, str, str]]:
    """The numbers of a drawing, checked one by one; returns them for comparing languages."""
    numbers = []
    view_box = svg.get("viewBox")
    if view_box is not None:
        parts = re.split(r"[\s,]+", view_box.strip())
        assert len(parts) == 4 and all(NUMBER.match(p) for p in parts), view_box
        numbers.append(("svg", "viewBox", view_box))
    for element in svg.iter():
        tag = element.tag.removeprefix(SVG_NS)
        for name, value in element.attrib.items():
            if name in NUMBER_ATTRIBUTES:
                assert NUMBER.match(value.strip()), f"<{tag} {name}={value!r}>"
                numbers.append((tag, name, value))
            elif name in ("d", "points"):
                assert PATH_DATA.match(value), f"<{tag} {name}={value[:60]!r}>"
                numbers.append((tag, name, value))
    return numbers


def page(client: Client, path: str, language: str, **params: str) -> str:
    response = client.get(path, params, headers={"accept-language": language})
    assert response.status_code == 200, (path, language)
    assert response.headers["Content-Language"] == language
    return response.content.decode()


def test_the_overview_map_has_every_marker_in_both_languages(client_for: Login) -> None:
    client = client_for(Role.POLICY_OFFICER)
    drawn = {}
    for language in ("nl", "en"):
        svg = ET.fromstring(page(client, "/overzicht/kaart.svg", language))  # noqa: S314
        assert svg.tag == f"{SVG_NS}svg"
        assert len(svg.findall(f".//{SVG_NS}path")) == 342  # every municipality
        markers = svg.findall(f".//{SVG_NS}circle")
        assert len(markers) == 21  # every location of the report's landscape
        drawn[language] = geometry(svg)
    assert drawn["nl"] == drawn["en"]


def test_the_monitoring_maps_and_charts_parse_in_both_languages(
    world: World, client_for: Login
) -> None:
    client = client_for(Role.COMENSHA)
    maps: dict[str, list[list[tuple[str, str, str]]]] = {}
    for language in ("nl", "en"):
        html = page(client, "/monitor/", language, period="2026")
        svgs = list(svgs_in(html))
        assert len(svgs) >= 8, language  # funnel, demand/supply, occupancy, tables, maps
        maps[language] = [geometry(svg) for svg in svgs if "vp-map" in svg.get("class", "")]
        assert len(maps[language]) >= 6, language  # demand, outside region, places per category
        markers = [
            c for svg in svgs for c in svg.iter(f"{SVG_NS}circle") if svg.get("class") == "vp-map"
        ]
        assert markers, language
    assert maps["nl"] == maps["en"]  # the maps differ only in their texts


NUMERIC_MARKUP = re.compile(
    r"""\s(?:viewBox|x|y|cx|cy|r|rx|ry|x1|y1|x2|y2|width|height|d|points|transform|min|max|step|"""
    r"""stroke-width|font-size|opacity|fill-opacity)="([^"]*\{\{[^"]*)\"""",
)
SAFE_VALUE = re.compile(r"\{\{\s*[\w.]+\s*\|\s*(unlocalize|stringformat:\S+|date:\S+)\s*\}\}")


def template_files() -> list[Path]:
    return sorted(
        p
        for p in SRC.rglob("templates/**/*")
        if p.suffix in (".html", ".svg", ".xml", ".txt") and p.is_file()
    )


def localize_off_spans(text: str) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for m in re.finditer(r"\{% localize off %\}.*?\{% endlocalize %\}", text, re.DOTALL)
    ]


def _numbers_unlocalized(text: str) -> list[str]:
    """The attribute values with a number-like variable written by the locale's formatting."""
    spans = localize_off_spans(text)
    found = []
    for match in NUMERIC_MARKUP.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        for variable in re.findall(r"\{\{[^}]*\}\}", match.group(1)):
            if not SAFE_VALUE.fullmatch(variable):
                found.append(variable)
    return found


def test_no_template_writes_a_number_into_markup_through_the_locale() -> None:
    files = template_files()
    assert any(p.name == "map.svg" for p in files)
    offenders = {
        str(p.relative_to(SRC)): found
        for p in files
        if (found := _numbers_unlocalized(p.read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    ("markup", "flagged"),
    [
        ('<circle cx="{{ p.x }}"/>', True),
        ('<svg viewBox="0 0 {{ width }} {{ height }}">', True),
        ('<input max="{{ group.capacity_max }}">', True),
        ('<circle cx="{{ p.x|unlocalize }}"/>', False),
        ('{% localize off %}<circle cx="{{ p.x }}"/>{% endlocalize %}', False),
        ('<input type="hidden" name="case" value="{{ p.entry.case.number }}">', False),
        ('<progress max="{{ run.steps_total|unlocalize }}">', False),
    ],
)
def test_the_template_check_finds_numbers_written_through_the_locale(
    markup: str, flagged: bool
) -> None:
    assert bool(_numbers_unlocalized(markup)) is flagged
