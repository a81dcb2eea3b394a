"""The sheet as text, HTML or PDF (WeasyPrint), with the QR code of the public page (segno).

Fonts: Debian's Noto families cover every script of the sheet (Latin, Cyrillic, Arabic,
Ethiopic for Tigrinya, CJK for Chinese); ``static/infosheet/sheet.css`` names them and the
tests check that the PDF uses no fallback box for any character.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.infosheet.sheet import (
    Helpline,
    Section,
    Sheet,
    SheetCase,
    compose,
    plan_for_case,
    plan_general,
)
from veiligeplek.infosheet.texts import SOURCE, Language, catalogue

CSS_FILE = Path(__file__).resolve().parent / "static" / "infosheet" / "sheet.css"


def helpline() -> Helpline:
    """CoMensha's public line from the settings; the shipped default is a fictitious number."""
    phone = str(settings.COMENSHA_PHONE)
    return Helpline(phone=phone, fictitious=phone == settings.DEMO_COMENSHA_PHONE)


def public_url(language: Language) -> str:
    path = reverse("infosheet:public", args=[language.code])
    return f"{str(settings.SITE_URL).rstrip('/')}{path}"


def companion_for(language: Language, case_languages: Iterable[str] = ()) -> Language:
    """English next to a drafted translation when she reads English, Dutch otherwise."""
    if language.code != "en" and "en" in {c.lower() for c in case_languages}:
        return catalogue()["en"]
    return catalogue()[SOURCE]


def case_sheet(
    facts: CaseFacts, decision: RoutingDecision, language: Language, number: str | None
) -> Sheet:
    plan = plan_for_case(SheetCase.from_routing(facts, decision, number))
    return compose(
        plan,
        language,
        helpline=helpline(),
        companion=companion_for(language, facts.languages),
        public_url=public_url(language),
        number=number,
    )


def general_sheet(language: Language) -> Sheet:
    return compose(
        plan_general(),
        language,
        helpline=helpline(),
        companion=companion_for(language),
        public_url=public_url(language),
    )


@dataclass(frozen=True)
class Row:
    main: Section
    companion: Section | None


def rows(sheet: Sheet) -> list[Row]:
    companion = sheet.companion.sections if sheet.companion else [None] * len(sheet.main.sections)
    return [Row(m, c) for m, c in zip(sheet.main.sections, companion, strict=True)]


def qr_data_uri(url: str) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


def sheet_context(sheet: Sheet) -> dict[str, Any]:
    main = sheet.main.language
    return {
        "sheet": sheet,
        "main": sheet.main,
        "companion": sheet.companion,
        "rows": rows(sheet),
        "draft_notice": main.texts["draft_notice"] if main.needs_companion else "",
        "qr": qr_data_uri(sheet.public_url),
        "status": main.status,
    }


def sheet_html(sheet: Sheet) -> str:
    """A standalone HTML document (styles inline): the command line's and the PDF's input."""
    context = sheet_context(sheet) | {"css": CSS_FILE.read_text(encoding="utf-8")}
    return render_to_string("infosheet/document.html", context)


def sheet_pdf(sheet: Sheet) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # no progress lines on stdout
    pdf = HTML(string=sheet_html(sheet), base_url=str(CSS_FILE.parent)).write_pdf()
    assert pdf is not None  # noqa: S101 - write_pdf without a target returns the bytes
    return bytes(pdf)


def sheet_text(sheet: Sheet) -> str:
    """Plain text: each section in her language, the companion text under it."""
    lines = [sheet.main.title]
    if sheet.companion:
        lines += [f"[{sheet.companion.language.name}] {sheet.companion.title}", ""]
        lines.append(sheet.main.language.texts["draft_notice"])
    lines.append("")
    for row in rows(sheet):
        lines += [f"== {row.main.heading} ==", *row.main.paragraphs]
        if row.companion and sheet.companion:
            name = sheet.companion.language.name
            lines += [f"[{name}]", row.companion.heading, *row.companion.paragraphs]
        lines.append("")
    lines.append(sheet.public_url)
    lines.append(status_line(sheet.main.language))
    return "\n".join(lines) + "\n"


def status_line(language: Language) -> str:
    status = language.status
    if status.reviewed_on:
        when = status.reviewed_on.isoformat()
        return f"{language.code}: {status.state.value}, {status.reviewed_by}, {when}"
    return f"{language.code}: {status.state.value}, {status.drafted_on.isoformat()}"
