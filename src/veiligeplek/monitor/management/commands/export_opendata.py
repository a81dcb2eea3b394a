"""``veiligeplek export-opendata --period 2026 --scope national --out FILE.zip``: the
catalogue's tables as CSV with a README, through the disclosure control (publishable as is)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from veiligeplek.monitor.exchange import opendata_zip
from veiligeplek.monitor.management.commands._options import period_and_scope


class Command(BaseCommand):
    help = "Open data: de tabellen van de monitoring als CSV met README (ZIP)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True)
        parser.add_argument("--scope", default="national")
        parser.add_argument("--out", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        period, scope = period_and_scope("export-opendata", options)
        Path(options["out"]).write_bytes(opendata_zip(period, scope))
