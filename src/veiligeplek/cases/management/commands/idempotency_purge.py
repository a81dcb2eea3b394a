from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from veiligeplek.cases.services.idempotency import keys_purge


class Command(BaseCommand):
    help = (
        "Verwijder idempotentiesleutels van signalen ouder dan IDEMPOTENCY_KEY_HOURS "
        "(minstens 24 uur; dagelijks draaien, zie docs/operations.md)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = keys_purge()
        self.stdout.write(
            f"{deleted} idempotentiesleutel(s) ouder dan {settings.IDEMPOTENCY_KEY_HOURS} uur "
            "verwijderd"
        )
