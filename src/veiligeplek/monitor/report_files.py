"""The report as files: PDF (WeasyPrint, from the same HTML and SVG as the pages) and XLSX
(openpyxl: one sheet per table, numbers as numbers, frozen header rows, suppressed cells as
"<10" with a note explaining the rule)."""

from __future__ import annotations

import io
import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from veiligeplek.monitor.dashboard import Section, figure_rows, table_section
from veiligeplek.monitor.report import Report
from veiligeplek.monitor.statistics import TITLES


def _sections(report: Report) -> list[Section]:
    # Tables without charts: the PDF shows the numbers; the charts are on the dashboard.
    return [
        Section(s.id, s.title, "", s.matrix)
        for s in (
            table_section(report.stats, t, str(TITLES.get(t.table.id, t.table.id)), chart=False)
            for t in report.stats.tables
        )
    ]


def report_html(report: Report) -> str:
    return render_to_string(
        "monitor/report.html",
        {
            "report": report,
            "language": get_language(),
            "demo": settings.DEMO_MODE,
            "figures": figure_rows(report.stats),
            "sections": _sections(report),
        },
    )


def report_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # heavy import (Pango), only when a PDF is made

    pdf: bytes = HTML(string=report_html(report)).write_pdf()
    return pdf


SUPPRESSED = re.compile(r"^x$")


def _write(sheet: Worksheet, header: list[str], rows: list[list[str | int | float]]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_number(v) for v in row])
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    rule = _(
        "x: onderdrukt, een klein aantal of een aantal dat een klein aantal zou verraden "
        "(zie het blad Toelichting)."
    )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and SUPPRESSED.match(cell.value):
                cell.comment = Comment(rule, "Veilige Plek")


def _number(value: str | int | float) -> str | int | float:
    """Counts and figures as real numbers; '<10' and texts stay text."""
    if isinstance(value, str):
        if re.fullmatch(r"-?\d+", value):
            return int(value)
        if re.fullmatch(r"-?\d+\.\d+", value):
            return float(value)
    return value


def report_xlsx(report: Report) -> bytes:
    book = Workbook()
    summary = book.worksheets[0]
    summary.title = _("Samenvatting")[:31]
    _write(
        summary,
        [_("Kengetal"), report.period.label, report.previous.label, _("Verandering")],
        [[s.label, s.now, s.before, s.change] for s in report.summary],
    )
    capacity = book.create_sheet(_("Capaciteit (bijlage 2)")[:31])
    _write(
        capacity,
        [
            _("Categorie"),
            _("Organisatie"),
            _("Locatie"),
            _("Plekken (min)"),
            _("Plekken (max)"),
            _("Bijzonderheden"),
        ],
        [
            [c.label, r.organisation, r.location, r.places_min, r.places_max, r.particulars]
            for c in report.capacity
            for r in c.rows
        ],
    )
    figures = book.create_sheet(_("Kengetallen")[:31])
    _write(
        figures,
        [_("Kengetal"), _("Voor"), "n", _("Mediaan"), _("90e percentiel"), _("Eenheid")],
        [[r.title, r.key, r.n, r.median, r.p90, r.unit] for r in figure_rows(report.stats)],
    )
    for index, section in enumerate(_sections(report), start=1):
        sheet = book.create_sheet(f"{index:02d} {section.id}"[:31])
        header = [section.matrix.row_title, *section.matrix.column_titles]
        _write(sheet, header, [[name, *counts] for name, counts in section.matrix.rows])
        sheet["A1"].comment = Comment(section.title, "Veilige Plek")
    notes = book.create_sheet(_("Toelichting")[:31])
    _write(notes, [_("Toelichting")], [[line] for line in _notes(report)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _notes(report: Report) -> list[str]:
    t = report.stats.threshold
    return [
        _("Periode %(p)s, gebied %(s)s, gemaakt op %(d)s, regelset %(v)s.")
        % {
            "p": report.period.label,
            "s": report.scope.name,
            "d": f"{report.generated_at:%Y-%m-%d %H:%M}",
            "v": report.ruleset_version,
        },
        _(
            'Onthullingsdrempel %(t)s. Een "x" is een onderdrukt aantal: een aantal van 1 tot '
            "%(t)s, of een ander aantal dat is weggelaten omdat een klein aantal anders uit de "
            "gepubliceerde totalen terug te rekenen is. Kengetallen uit minder dan %(t)s casussen "
            "worden niet getoond."
        )
        % {"t": t},
        _("Alle aantallen zijn afgeleid uit wat in Veilige Plek is vastgelegd."),
        _("Bron gemeenten en grenzen: CBS / PDOK (CC BY 4.0)."),
    ]
