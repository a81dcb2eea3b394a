"""``veiligeplek export-opendata --period 2026 --scope national --out FILE.zip``: the
catalogue's tables as CSV with a README, through the disclosure control (publishable as is)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from veiligeplek.domain.periods import PeriodError, parse_period
from veiligeplek.monitor.access import PERIOD_REFUSED, period_allowed
from veiligeplek.monitor.exchange import opendata_zip
from veiligeplek.monitor.scope import ScopeError, parse_scope


class Command(BaseCommand):
    help = "Open data: de tabellen van de monitoring als CSV met README (ZIP)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True)
        parser.add_argument("--scope", default="national")
        parser.add_argument("--out", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
            scope = parse_scope(options["scope"])
        except PeriodError as error:
            sys.stderr.write(f"veiligeplek export-opendata: --period: {error}\n")
            raise SystemExit(2) from error
        except ScopeError as error:
            sys.stderr.write(f"veiligeplek export-opendata: --scope: {error}\n")
            raise SystemExit(2) from error
        if not period_allowed(period, exact=False):
            sys.stderr.write(f"veiligeplek export-opendata: --period: {PERIOD_REFUSED}\n")
            raise SystemExit(2)
        Path(options["out"]).write_bytes(opendata_zip(period, scope))
