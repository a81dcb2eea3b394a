from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from veiligeplek.audit.services import checkpoint_head


class Command(BaseCommand):
    help = (
        "Schrijf een controlepunt van de auditketen (volgnummer, hash, tijd) naar het log en "
        "naar AUDIT_CHECKPOINT_FILE; ook elke deadline-ronde doet dit."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        point = checkpoint_head()
        if point is None:
            self.stdout.write("auditlog leeg: geen controlepunt")
            return
        self.stdout.write(
            f"controlepunt #{point.sequence} {point.hash} -> {settings.AUDIT_CHECKPOINT_FILE}"
        )
