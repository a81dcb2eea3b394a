from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from veiligeplek.audit.models import AuditEvent
from veiligeplek.audit.services import (
    ChainProblem,
    Checkpoint,
    audit_verify,
    checkpoints_read,
)


class Command(BaseCommand):
    help = (
        "Controleer de hashketen van het auditlog (HMAC met AUDIT_HMAC_KEY); met --checkpoints "
        "ook tegen de controlepunten buiten de database. Exit 1 bij een gewijzigde, "
        "ontbrekende of herberekende gebeurtenis."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            metavar="FILE",
            help="bestand met controlepunten (AUDIT_CHECKPOINT_FILE of een kopie ervan)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        points: list[Checkpoint] | None = None
        problems: list[ChainProblem] = []
        if options["checkpoints"]:
            path = Path(options["checkpoints"])
            if not path.is_file():
                raise CommandError(f"--checkpoints: bestand {path} bestaat niet", returncode=2)
            points, problems = checkpoints_read(path)
        problems += audit_verify(points)
        for problem in problems:
            self.stderr.write(f"gebeurtenis {problem.sequence}: {problem.message}")
        if problems:
            raise CommandError(
                f"auditlog NIET intact: {len(problems)} probleem/problemen", returncode=1
            )
        checked = f", {len(points)} controlepunten" if points is not None else ""
        self.stdout.write(f"auditlog intact: {AuditEvent.objects.count()} gebeurtenissen{checked}")
