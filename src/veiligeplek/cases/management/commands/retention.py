from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from veiligeplek.cases.services.retention import retention_apply, retention_plan


class Command(BaseCommand):
    help = (
        "Pas de bewaartermijnen toe op afgesloten casussen (--dry-run: toon alleen wat zou gaan)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = retention_plan() if options["dry_run"] else retention_apply()
        verb = "zou" if options["dry_run"] else "is"
        self.stdout.write(
            f"Identiteit en vrije tekst {verb} verwijderd bij {len(plan.identity)} casus(sen)"
        )
        for number in plan.identity:
            self.stdout.write(f"  {number}")
        self.stdout.write(f"Geanonimiseerd {verb}: {len(plan.anonymise)} casus(sen)")
        for number in plan.anonymise:
            self.stdout.write(f"  {number}")
