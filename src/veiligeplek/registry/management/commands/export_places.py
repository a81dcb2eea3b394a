from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from veiligeplek.data.landscape import write_csv
from veiligeplek.registry.selectors import landscape_rows, police_unit_names


class Command(BaseCommand):
    help = "Exporteer het opvanglandschap in het importformaat (CSV) naar een bestand of stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default="-", help="pad, of - voor stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        text = write_csv(landscape_rows(), police_unit_names())
        if options["file"] == "-":
            sys.stdout.write(text)
        else:
            Path(options["file"]).write_text(text, encoding="utf-8")
