from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from veiligeplek.audit.models import AuditEvent
from veiligeplek.audit.services import audit_verify


class Command(BaseCommand):
    help = (
        "Controleer de hashketen van het auditlog; exit 1 bij een gewijzigde of ontbrekende "
        "gebeurtenis."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = audit_verify()
        for problem in problems:
            self.stderr.write(f"gebeurtenis {problem.sequence}: {problem.message}")
        if problems:
            raise CommandError(
                f"auditlog NIET intact: {len(problems)} probleem/problemen", returncode=1
            )
        self.stdout.write(f"auditlog intact: {AuditEvent.objects.count()} gebeurtenissen")
