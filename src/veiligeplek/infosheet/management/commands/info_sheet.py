from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from veiligeplek.cases.management.commands._input import FactsCommand, invalid
from veiligeplek.infosheet.render import case_sheet, sheet_html, sheet_pdf, sheet_text
from veiligeplek.infosheet.texts import UnknownLanguageError, language, language_for

FORMATS = ("text", "html", "pdf")


class Command(FactsCommand):
    help = (
        "Lees de feiten van een casus (JSON) uit FILE of - (stdin) en schrijf het informatieblad "
        "voor het slachtoffer in haar taal (text, html of pdf). Exit 2 met één regel op stderr "
        "bij ongeldige invoer of een onbekende taal."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--language", default=None, help="taalcode (es, ar, zh-Hans …); standaard de "
            "eerste taal van de casus die het blad heeft, anders nl"
        )  # fmt: skip
        parser.add_argument("--format", default="text", help="text, html of pdf (standaard text)")
        parser.add_argument("--number", default=None, help="casusnummer om op het blad te zetten")
        parser.add_argument("--out", default=None, help="schrijf naar dit bestand i.p.v. stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        if fmt not in FORMATS:
            raise invalid("format", f"onbekend formaat {fmt!r}; toegestaan: {', '.join(FORMATS)}")
        routed = self.routed(options["file"])
        try:
            chosen = (
                language_for(routed.facts.languages)
                if options["language"] is None
                else language(options["language"])
            )
        except UnknownLanguageError as exc:
            raise invalid(exc.field, exc.message) from exc
        sheet = case_sheet(routed.facts, routed.decision, chosen, options["number"])
        if fmt == "pdf":
            self._write(sheet_pdf(sheet), options["out"])
        else:
            text = sheet_html(sheet) if fmt == "html" else sheet_text(sheet)
            self._write(text.encode("utf-8"), options["out"])

    def _write(self, data: bytes, out: str | None) -> None:
        if out is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        try:
            Path(out).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"kan {out} niet schrijven: {exc.strerror}", returncode=2) from exc
