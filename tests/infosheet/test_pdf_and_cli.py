"""The PDF (WeasyPrint) draws every character with a font that has it, in every language:
no missing-glyph boxes; and the ``info-sheet`` command's contract."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pypdf
import pytest
from fontTools.ttLib import TTFont

from tests.conftest import run_cli
from tests.infosheet.conftest import persona_data
from veiligeplek.data.reference import default_region_table
from veiligeplek.domain.facts import parse_case_facts
from veiligeplek.domain.routing import route_case
from veiligeplek.infosheet.render import case_sheet, sheet_pdf
from veiligeplek.infosheet.texts import LANGUAGE_CODES, catalogue

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@cache
def font_cmap(base_font: str) -> frozenset[int]:
    """The characters of the installed font that the PDF embeds as ``base_font``."""
    name = base_font.lstrip("/").split("+", 1)[-1].replace("-", " ")
    family, style = name, "Regular"
    for weight in ("Bold", "Regular", "Italic"):
        if name.endswith(f" {weight}"):
            family, style = name.removesuffix(f" {weight}"), weight
    found = subprocess.run(  # noqa: S603
        ["fc-match", "-f", "%{file}|%{index}|%{family}", f"{family}:style={style}"],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    path, index, families = found.split("|", 2)
    assert family in families.split(","), (base_font, found)  # the very font, no substitute
    with TTFont(path, fontNumber=int(index or 0), lazy=True) as font:
        return frozenset(font.getBestCmap())


def drawn_characters(pdf: bytes) -> list[tuple[str, str]]:
    """(font, character) for every glyph the PDF draws, from each font's ToUnicode map."""
    result = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for reference in resources["/Font"].values():
            font = reference.get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            block = cmap.split("beginbfchar", 1)[-1]
            for _, text in re.findall(r"<([0-9a-f]{4})> <([0-9a-f]+)>", block):
                char = bytes.fromhex(text).decode("utf-16-be")
                result.append((str(font["/BaseFont"]), char))
    return result


def missing_glyphs(pdf: bytes) -> list[tuple[str, str]]:
    return [
        (font, char)
        for font, char in drawn_characters(pdf)
        if not char.isspace() and ord(char[0]) not in font_cmap(font)
    ]


def test_the_missing_glyph_check_sees_a_character_no_font_has() -> None:
    from weasyprint import HTML

    pdf = HTML(string='<p style="font-family: Noto Sans">ab\u0378c</p>').write_pdf()
    assert pdf is not None
    assert [char for _, char in missing_glyphs(pdf)] == ["\u0378"]


def visible(text: str) -> set[str]:
    """The characters that need a glyph: not spaces, not format marks such as bidi isolates."""
    return {c for c in text if not c.isspace() and unicodedata.category(c) != "Cf"}


def maria_pdf(code: str) -> tuple[bytes, str]:
    regions = default_region_table()
    facts = parse_case_facts(persona_data("maria"), municipalities=regions.municipalities)
    decision = route_case(facts, today=facts.identified_on, regions=regions)  # type: ignore[arg-type]
    sheet = case_sheet(facts, decision, catalogue()[code], "VP-K7M3-Q9TX")
    return sheet_pdf(sheet), sheet.main.plain()


def test_the_arabic_pdf_draws_every_character_with_a_font_that_has_it() -> None:
    pdf, text = maria_pdf("ar")
    assert missing_glyphs(pdf) == []
    drawn = {char for _, char in drawn_characters(pdf)}
    assert visible(text) <= drawn  # every character was drawn
    assert any("Arabic" in font for font, _ in drawn_characters(pdf))


@pytest.mark.slow
@pytest.mark.parametrize("code", [c for c in LANGUAGE_CODES if c != "ar"])
def test_the_pdf_draws_every_other_language_without_missing_glyphs(code: str) -> None:
    pdf, text = maria_pdf(code)
    assert missing_glyphs(pdf) == []
    assert visible(text) <= {char for _, char in drawn_characters(pdf)}


def test_the_command_writes_maria_s_sheet_in_spanish(cli_env: dict[str, str]) -> None:
    result = run_cli(
        ["info-sheet", str(EXAMPLES / "maria.json"), "--language", "es", "--format", "text"],
        cli_env,
    )
    assert result.returncode == 0, result.stderr
    assert "termina el 26 de febrero de 2027" in result.stdout
    assert "[Nederlands]" in result.stdout  # drafted: the Dutch next to it


def test_the_command_reads_stdin_and_writes_html_right_to_left(cli_env: dict[str, str]) -> None:
    stdin = (EXAMPLES / "maria.json").read_text(encoding="utf-8")
    result = run_cli(["info-sheet", "-", "--language", "ar", "--format", "html"], cli_env, stdin)
    assert result.returncode == 0, result.stderr
    assert '<html lang="ar" dir="rtl">' in result.stdout


@pytest.mark.slow
def test_the_command_writes_a_pdf(cli_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    result = run_cli(
        ["info-sheet", str(EXAMPLES / "radek.json"), "--format", "pdf", "--out", str(out)],
        cli_env,
    )
    assert result.returncode == 0, result.stderr
    text = "".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "gminę" in text  # Polish by default: Radek's language


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--language", "xx"], "language"),
        pytest.param(["--format", "docx"], "format", marks=pytest.mark.slow),
    ],
)
def test_the_command_refuses_bad_options_with_exit_2_naming_the_field(
    cli_env: dict[str, str], args: list[str], field: str
) -> None:
    result = run_cli(["info-sheet", str(EXAMPLES / "maria.json"), *args], cli_env)
    assert result.returncode == 2
    assert f"veld {field}" in result.stderr
    if field == "language":
        assert "nl, en, es" in result.stderr and "zh-Hans" in result.stderr
    assert result.stdout == ""


@pytest.mark.slow
def test_the_command_refuses_invalid_facts_naming_the_field(cli_env: dict[str, str]) -> None:
    result = run_cli(["info-sheet", "-", "--language", "es"], cli_env, '{"exploitation": []}')
    assert result.returncode == 2 and "found_municipality" in result.stderr
