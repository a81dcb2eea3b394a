"""``veiligeplek export-htcds --period 2026 --out FILE --as USERNAME --purpose "…"
[--format csv|xlsx]``: pseudonymised cases in HTCDS 2.0 (docs/htcds.md), for CoMensha and
administrators; the purpose is recorded with one audit event per exported case."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from veiligeplek.accounts.models import User
from veiligeplek.audit.services import AuditContext
from veiligeplek.domain.periods import PeriodError, parse_period
from veiligeplek.monitor.exchange import ExportRefusedError, htcds_export


class Command(BaseCommand):
    help = "Gepseudonimiseerde casussen in HTCDS 2.0 (CSV of XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True)
        parser.add_argument("--out", required=True, help="bestand, of - voor standaarduitvoer")
        parser.add_argument("--as", dest="username", required=True, help="CoMensha of beheerder")
        parser.add_argument("--purpose", required=True, help="waarvoor de export dient")
        parser.add_argument("--format", default="csv", help="csv of xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except PeriodError as error:
            self._fail(f"--period: {error}")
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            self._fail("--as: onbekende of inactieve gebruiker")
            return
        try:
            content = htcds_export(
                ctx=AuditContext(user=user, client_address="command-line"),
                period=period,
                purpose=options["purpose"],
                file_format=options["format"],
            )
        except ExportRefusedError as error:
            option = {"role": "--as"}.get(error.field, f"--{error.field}")
            self._fail(f"{option}: {error.message}")
        if options["out"] == "-":
            sys.stdout.buffer.write(content)
        else:
            Path(options["out"]).write_bytes(content)

    def _fail(self, message: str) -> None:
        sys.stderr.write(f"veiligeplek export-htcds: {message}\n")
        raise SystemExit(2)
