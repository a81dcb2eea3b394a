"""The periodic report: the capacity table of the study's annex 2 read back from the PDF, the
spreadsheet's numbers as numbers, and nothing small for an aggregate-only reader."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from openpyxl import load_workbook

from tests.monitor.conftest import World
from veiligeplek.domain.periods import parse_period
from veiligeplek.monitor.report import build_report
from veiligeplek.monitor.report_files import report_pdf, report_xlsx
from veiligeplek.monitor.scope import parse_scope

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_the_pdf_shows_the_studys_capacity_and_its_statements(world: World) -> None:
    text = pdf_text(
        report_pdf(build_report(parse_period("2026"), parse_scope("national"), exact=False))
    )
    for line in (
        r"COSM \(categorale opvang\) 51 3",
        r"OMM \(opvang multiproblematiek\) 31",
        r"Wmo-plek 38–42",
        r"NLA-plek 20",
        r"Mannenopvang 18",
        r"Totaal 158–162",
        r"Yadeborg Tynaarlo \(Vries\) 11",
        r"Humanitas ESSM Rotterdam 19",
    ):
        assert re.search(line, text), line
    assert "COSM-plekken zijn er in 3 plaatsen." in text
    assert "Wmo-plekken zijn er alleen in de vier grote steden en de regio Tilburg." in text
    assert "Er is geen plek voor slachtoffers van criminele uitbuiting." in text
    assert "Bron gemeenten, grenzen en kaarten: CBS / PDOK (CC BY 4.0)" in text
    assert "onthullingsdrempel 10" in text and "regelset" in text
    for case in world.cases:
        assert case.number not in text


def _count_sheets(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(io.BytesIO(content))
    return {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}


def test_the_spreadsheet_has_numbers_frozen_headers_and_no_small_counts(world: World) -> None:
    content = report_xlsx(build_report(parse_period("2026"), parse_scope("national"), exact=False))
    book = load_workbook(io.BytesIO(content))
    capacity = book["Capaciteit (bijlage 2)"]
    assert capacity.freeze_panes == "A2"
    places = [row[4] for row in capacity.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(n, int) for n in places) and 158 <= sum(places) <= 162
    tables = {t: rows for t, rows in _count_sheets(content).items() if t[:2].isdigit()}
    assert tables
    values = [v for rows in tables.values() for row in rows[1:] for v in row[1:]]
    assert "x" in values
    assert not [v for v in values if isinstance(v, int) and 0 < v < 10]
    assert all(isinstance(v, int) or v == "x" for v in values)


def test_an_exact_region_report_shows_the_small_counts(world: World) -> None:
    content = report_xlsx(build_report(parse_period("2026"), parse_scope("VT01"), exact=True))
    tables = {t: rows for t, rows in _count_sheets(content).items() if t[:2].isdigit()}
    values = [v for rows in tables.values() for row in rows[1:] for v in row[1:]]
    assert "x" not in values
    assert [v for v in values if isinstance(v, int) and 0 < v < 10]
