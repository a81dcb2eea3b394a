from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from veiligeplek.audit.services import checkpoint_head
from veiligeplek.cases.services.deadlines import deadlines_process
from veiligeplek.cases.services.idempotency import keys_purge


class Command(BaseCommand):
    help = (
        "Verwerk alle verlopen termijnen (escalaties, herinneringen, reserveringen) en schrijf "
        "een controlepunt van de auditketen; ruimt verlopen idempotentiesleutels op. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{deadlines_process()} termijn(en) verwerkt")
        checkpoint_head()
        keys_purge()  # older than IDEMPOTENCY_KEY_HOURS (at least 24 h)
