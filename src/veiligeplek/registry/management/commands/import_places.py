from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from veiligeplek.data.landscape import LandscapeError, parse_csv, parse_xlsx
from veiligeplek.registry.services import RegistryError, landscape_import, registry_geography


class Command(BaseCommand):
    help = (
        "Importeer het opvanglandschap uit een CSV- of XLSX-bestand (formaat van "
        "landscape_2025.csv). Alles of niets: een bestand met een fout wijzigt niets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="pad naar .csv of .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="controleer alleen")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"kan {path} niet lezen: {exc.strerror}", returncode=2) from exc
        try:
            geo = registry_geography()
            if path.suffix.lower() == ".xlsx":
                rows = parse_xlsx(content, geo)
            else:
                rows = parse_csv(content.decode("utf-8-sig"), geo)
            with transaction.atomic():
                summary = landscape_import(acting_user=None, rows=rows)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: geen UTF-8-tekst ({exc.reason})", returncode=2) from exc
        except LandscapeError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(
                f"{len(exc.problems)} fout(en); er is niets geïmporteerd", returncode=2
            ) from exc
        except RegistryError as exc:
            raise CommandError(f"{exc}; er is niets geïmporteerd", returncode=2) from exc
        prefix = "[proef] " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{len(rows)} regels: {len(summary.created)} nieuw, {len(summary.updated)} "
            f"gewijzigd, {len(summary.unchanged)} ongewijzigd; {summary.beds_added} bedden "
            f"toegevoegd, {summary.beds_removed} verwijderd."
        )
