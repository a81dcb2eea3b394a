"""``veiligeplek statistics --period 2026 --scope national --format json|csv [--exact]``:
the monitoring's catalogue on the command line. Without ``--exact`` it prints what an
aggregate-only role sees (through the disclosure control)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from veiligeplek.monitor.management.commands._options import fail, period_and_scope
from veiligeplek.monitor.statistics import statistics_for


class Command(BaseCommand):
    help = "Cijfers van de monitoring (tabellen en kengetallen) als JSON of CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2026, 2026-Q3, 2026-07 of a..b")
        parser.add_argument("--scope", default="national", help="national, VT01, GM0363, RE05")
        parser.add_argument("--format", default="json", help="json of csv")
        parser.add_argument(
            "--exact", action="store_true", help="exacte cijfers (alleen voor rollen met inzage)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        period, scope = period_and_scope("statistics", options)
        if options["format"] not in {"json", "csv"}:
            self._fail("--format: kies json of csv")
        stats = statistics_for(period, scope, exact=options["exact"], max_age=0)
        data = stats.as_json()
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(as_csv(data), ending="")

    def _fail(self, message: str) -> None:
        fail("statistics", message)


def as_csv(data: dict[str, Any]) -> str:
    """One row per cell and per figure: table, dimension=value pairs, count (or suppressed)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kind", "id", "key", "count", "suppressed", "n", "median", "p90", "share"])
    for table in data["tables"]:
        for cell in table["cells"]:
            key = ";".join(f"{k}={v}" for k, v in cell["key"].items())
            suppressed = cell.get("suppressed", False)
            writer.writerow(
                [
                    "table",
                    table["id"],
                    key,
                    cell.get("count", ""),
                    "yes" if suppressed else "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
    for figure in data["figures"]:
        key = ";".join(f"{k}={v}" for k, v in figure["key"].items())
        writer.writerow(
            [
                "figure",
                figure["id"],
                key,
                "",
                "yes" if figure.get("suppressed") else "",
                figure.get("n", ""),
                figure.get("median", ""),
                figure.get("p90", ""),
                figure.get("share", ""),
            ]
        )
    return out.getvalue()
