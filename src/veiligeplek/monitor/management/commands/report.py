"""``veiligeplek report --period 2026-Q3 --scope national --format pdf|xlsx --out FILE
[--language nl|en] [--exact]``: the periodic report. Without ``--exact`` it holds what an
aggregate-only role may see (through the disclosure control)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from veiligeplek.monitor.management.commands._options import fail, period_and_scope
from veiligeplek.monitor.report import build_report
from veiligeplek.monitor.report_files import report_pdf, report_xlsx

FORMATS = {"pdf": report_pdf, "xlsx": report_xlsx}


class Command(BaseCommand):
    help = "De periodieke rapportage als PDF of XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2026, 2026-Q3, 2026-07 of a..b")
        parser.add_argument("--scope", default="national", help="national, VT01, GM0363, RE05")
        parser.add_argument("--format", default="pdf", help="pdf of xlsx")
        parser.add_argument("--out", required=True, help="bestand, of - voor standaarduitvoer")
        parser.add_argument("--language", default="nl", help="nl of en")
        parser.add_argument("--exact", action="store_true", help="exacte aantallen")

    def handle(self, *args: Any, **options: Any) -> None:
        period, scope = period_and_scope("report", options)
        if options["format"] not in FORMATS:
            self._fail("--format: kies pdf of xlsx")
        write = FORMATS[options["format"]]
        if options["language"] not in {"nl", "en"}:
            self._fail("--language: kies nl of en")
        with translation.override(options["language"]):
            content = write(build_report(period, scope, exact=options["exact"]))
        if options["out"] == "-":
            sys.stdout.buffer.write(content)
            return
        try:
            Path(options["out"]).write_bytes(content)
        except OSError as error:
            self._fail(f"--out: {error.strerror}")
        self.stderr.write(f"{options['out']}: {len(content):,} bytes")

    def _fail(self, message: str) -> None:
        fail("report", message)
